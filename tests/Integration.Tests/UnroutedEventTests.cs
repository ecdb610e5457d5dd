using EvSysReview.Contracts.Reviews;
using EvSysReview.Contracts.Synthesis;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Storage;
using EvSysReview.ServiceDefaults.Storage.Sqlite;
using EvSysReview.TestSupport;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EvSysReview.Integration.Tests;

/// <summary>
/// RabbitMQ confirms a message that no queue is bound to receive, and drops it. An event some service
/// consumes is therefore published as mandatory: sent before any consumer's queue is bound (a fresh
/// broker with every service starting at once, an upgrade that starts producers first), the broker
/// returns it, the outbox keeps it, and it goes out once a consumer is there. Over the real broker, in
/// a virtual host of the test's own, so no other test's queue is bound to the event's exchange.
/// </summary>
public sealed class UnroutedEventTests : IAsyncLifetime
{
    private readonly string _virtualHost = $"evsys-unrouted-{Guid.NewGuid():N}"[..30];
    private Uri _broker = null!;
    private string _virtualHostUri = null!;
    private BrokerHosts _hosts = null!;

    /// <summary>A producer that consumes nothing itself: its outbox and its bus, no receive endpoint bound to any event.</summary>
    public sealed class ProducerModule : IServiceModule
    {
        public static string Name => "unrouted-producer";
    }

    public async Task InitializeAsync()
    {
        _broker = new Uri(await Broker.UriAsync());
        _virtualHostUri = await Broker.CreateVirtualHostAsync(_broker, _virtualHost);
        _hosts = new BrokerHosts(_virtualHostUri);
    }

    public Task DisposeAsync() => Broker.DeleteVirtualHostAsync(_broker, _virtualHost);

    [BrokerFact]
    public async Task A_consumed_event_published_before_any_queue_is_bound_stays_unsent_and_arrives_once_after_its_consumer_starts()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [BusSettings.RabbitMqUriVariable] = _virtualHostUri,
            ["Bus:QueuePrefix"] = _hosts.QueuePrefix,
        });
        builder.AddEventBus();
        using var producer = builder.Build();
        await producer.StartAsync();
        try
        {
            var store = new ModuleStore<ProducerModule>(new SqliteDocumentStore(Path.Combine(Directory.CreateTempSubdirectory("evsys-unrouted-").FullName, "producer.db")));
            ProjectCreated Created(string title) => new() { ProjectId = Guid.NewGuid(), Title = title, CreatedBy = "alice" };
            ProjectCreated[] created = [Created("published before its consumers"), Created("batched with it")];
            // No EvSysReview service consumes SynthesisUpdated: waiting for a queue would keep it for ever.
            var nobodys = new SynthesisUpdated { ProjectId = created[0].ProjectId, Version = 1, Summary = ["no consumer"] };
            await store.CommitAsync(new UnitOfWork().Publish(created[0]).Publish(created[1]));
            await store.CommitAsync(new UnitOfWork().Publish(nobodys));
            var log = new ListLogger<OutboxDispatcher<ProducerModule>>();
            // Two events a round: the two ProjectCreated fill the first (one EventBatch message), so the
            // second round shows whether the returned type holds up the event behind it.
            var dispatcher = new OutboxDispatcher<ProducerModule>(
                store, producer.Services.GetRequiredService<IBus>(), new OutboxSignal<ProducerModule>(),
                Options.Create(new OutboxOptions { BatchSize = 2, RetryDelay = TimeSpan.FromMilliseconds(200) }), log);

            var firstRound = await dispatcher.DispatchPendingAsync(CancellationToken.None);
            var pendingAfterFirst = await store.CountPendingOutboxAsync();
            var secondRound = await dispatcher.DispatchPendingAsync(CancellationToken.None);

            Assert.Equal((0, 3), (firstRound, pendingAfterFirst));
            Assert.Equal(1, secondRound);
            Assert.Equal(created.Select(c => c.EventId).Order(), (await store.PendingOutboxAsync(10)).Select(m => m.MessageId).Order());
            var warning = Assert.Single(log.Entries, e => e.Level == LogLevel.Warning);
            Assert.Contains("ProjectCreated", warning.Message);
            Assert.Contains("no queue is bound", warning.Message);

            // The consumer's host binds its queues; the held-back events go out on a later round, once each.
            await using var screening = await _hosts.StartScreeningAsync();
            await Eventually.HoldsAsync(
                async () =>
                {
                    await dispatcher.DispatchPendingAsync(CancellationToken.None);
                    return await store.CountPendingOutboxAsync() == 0;
                },
                "the held-back ProjectCreated events were routed and marked sent");
            var consumer = BrokerHosts.ScreeningStore(screening);
            await Eventually.HoldsAsync(async () => await ProjectCreatedCounterConsumer.CountAsync(consumer) == 2, "the counting consumer applied both events");
            Assert.Equal(0, await dispatcher.DispatchPendingAsync(CancellationToken.None));
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.Equal(2, await ProjectCreatedCounterConsumer.CountAsync(consumer));
            foreach (var each in created) Assert.True(await consumer.IsAppliedAsync("screening:ProjectCreatedCounterConsumer", each.EventId));
            Assert.Empty(await store.PendingOutboxAsync(10));
        }
        finally
        {
            await producer.StopAsync();
        }
    }

    private sealed class ListLogger<T> : ILogger<T>
    {
        private readonly List<(LogLevel Level, string Message)> _entries = [];

        public IReadOnlyList<(LogLevel Level, string Message)> Entries
        {
            get
            {
                lock (_entries) return [.. _entries];
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_entries) _entries.Add((logLevel, formatter(state, exception)));
        }
    }
}

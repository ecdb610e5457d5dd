using EvSysReview.Contracts;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Storage;
using EvSysReview.ServiceDefaults.Storage.Sqlite;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EvSysReview.Platform.Tests.Messaging;

/// <summary>
/// The consumer base over a real SQLite store, driven by MassTransit's in-memory test harness (a
/// unit test of the base class; the broker runs in the integration and end-to-end suites). The
/// consumer no longer reads the inbox before applying, so these pin what that read used to give.
/// </summary>
public sealed class IdempotentConsumerTests
{
    public sealed class CounterModule : IServiceModule
    {
        public static string Name => "counter-test";
    }

    public sealed record Tick : IntegrationEvent
    {
        public bool RefuseWhenCounted { get; init; }
    }

    private sealed record Counter(int Ticks);

    /// <summary>Counts ticks; with RefuseWhenCounted it throws once a tick was counted, as a rule refusing a repeat would.</summary>
    public sealed class TickConsumer(ModuleStore<CounterModule> store, OutboxSignal<CounterModule> signal)
        : IdempotentConsumer<CounterModule, Tick>(store, signal)
    {
        protected override async Task Apply(Tick message, UnitOfWork work, CancellationToken cancellationToken)
        {
            var stored = await Store.GetAsync("counters", "c", cancellationToken);
            var ticks = stored is null ? 0 : StoreJson.Read<Counter>(stored).Ticks;
            if (message.RefuseWhenCounted && ticks > 0) throw new InvalidOperationException("already counted");
            work.Put("counters", "c", "p", new Counter(ticks + 1), stored?.Version ?? 0);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_same_event_delivered_twice_counts_once_and_does_not_fault(bool refuseWhenCounted)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("evsys-consumer-").FullName, "counter.db");
        await using var provider = new ServiceCollection()
            .AddSingleton(new ModuleStore<CounterModule>(new SqliteDocumentStore(path)))
            .AddSingleton<OutboxSignal<CounterModule>>()
            .AddMassTransitTestHarness(bus => bus.AddConsumer<TickConsumer>())
            .BuildServiceProvider(true);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        var tick = new Tick { RefuseWhenCounted = refuseWhenCounted };

        await harness.Bus.Publish(tick);
        Assert.True(await harness.GetConsumerHarness<TickConsumer>().Consumed.Any<Tick>());
        await harness.Bus.Publish(tick); // the same EventId: a redelivery
        await harness.InactivityTask;

        var store = provider.GetRequiredService<ModuleStore<CounterModule>>();
        Assert.Equal(2, harness.GetConsumerHarness<TickConsumer>().Consumed.Select<Tick>().Count());
        Assert.Equal(1, StoreJson.Read<Counter>((await store.GetAsync("counters", "c"))!).Ticks);
        Assert.False(await harness.Published.Any<Fault<Tick>>());
        Assert.True(await store.IsAppliedAsync($"{CounterModule.Name}:{nameof(TickConsumer)}", tick.EventId));
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EvSysReview.Contracts;
using EvSysReview.Contracts.Reviews;
using EvSysReview.Integration.Tests.Faults;
using EvSysReview.ServiceDefaults.Storage;
using EvSysReview.TestSupport;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace EvSysReview.Integration.Tests;

/// <summary>
/// Events of one type that wait in an outbox together travel as one EventBatch message over the real
/// broker; every consumer still applies each event once, in the trace of the action that caused it.
/// </summary>
public sealed class EventBatchDeliveryTests : IAsyncLifetime
{
    private static readonly ActivitySource UserAction = new("EvSysReview.Tests.BatchedAction");

    private readonly BrokerHosts _hosts = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => Broker.DeleteQueuesAsync(_hosts.QueuePrefix);

    private const string CounterConsumer = "screening:ProjectCreatedCounterConsumer";

    [BrokerFact]
    public async Task Three_waiting_events_of_one_type_go_out_as_one_message_and_each_is_applied_once_in_its_own_trace()
    {
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(UserAction.Name, "Microsoft.AspNetCore", "System.Net.Http", "EvSysReview.Messaging")
            .SetSampler(new AlwaysOnSampler())
            .AddInMemoryExporter(spans)
            .Build();
        await using var screening = await _hosts.StartScreeningAsync();
        var batches = new BatchCounter();
        screening.Services.GetRequiredService<IBus>().ConnectConsumeMessageObserver(batches);

        // Dispatch off while the three projects are created, so their events wait together.
        var traces = new List<(Guid ProjectId, ActivityTraceId TraceId)>();
        await using (var reviews = await _hosts.StartReviewsAsync(dispatchOutbox: false))
        {
            for (var i = 0; i < 3; i++)
            {
                using var action = UserAction.StartActivity($"create project {i}", ActivityKind.Client)!;
                var response = await reviews.Client(TestTokens.Valid("alice")).PostAsJsonAsync("/api/reviews/projects", new { title = $"batched {i}" });
                Assert.Equal(HttpStatusCode.Created, response.StatusCode);
                traces.Add(((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(), action.TraceId));
            }

            Assert.Equal(9, await BrokerHosts.ReviewsStore(reviews).CountPendingOutboxAsync());
        }

        await using var restarted = await _hosts.StartReviewsAsync();
        var store = BrokerHosts.ScreeningStore(screening);
        await Eventually.HoldsAsync(async () => await ProjectCreatedCounterConsumer.CountAsync(store) == 3, "the counting consumer applied the three events");
        await Eventually.HoldsAsync(async () => await BrokerHosts.ReviewsStore(restarted).CountPendingOutboxAsync() == 0, "the outbox drained");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(3, await ProjectCreatedCounterConsumer.CountAsync(store));

        // One broker message carried the three ProjectCreated events to the counter's queue.
        Assert.Equal([3], batches.SizesAt("project-created-counter"));

        // Each event's publish and its application by the counter sit in the trace of the request that caused it.
        List<Activity> InTrace(ActivityTraceId traceId) { lock (spans) return spans.Where(s => s.TraceId == traceId).ToList(); }
        foreach (var (projectId, traceId) in traces)
        {
            await Eventually.HoldsAsync(
                () => Task.FromResult(InTrace(traceId).Any(s => s.DisplayName == "consume ProjectCreated" && (string?)s.GetTagItem("messaging.consumer.group.name") == CounterConsumer)),
                $"the counter's span for project {projectId} joined its trace");
            var publish = Assert.Single(InTrace(traceId), s => s.DisplayName == "outbox publish ProjectCreated");
            // More than one when the batch was retried: the three events race for the counter's one
            // document, and the loser's version conflict retries the whole batch (the applied events
            // then find their inbox rows, so the count above stays 3).
            var consumes = InTrace(traceId).Where(s => s.DisplayName == "consume ProjectCreated" && (string?)s.GetTagItem("messaging.consumer.group.name") == CounterConsumer).ToList();
            Assert.NotEmpty(consumes);
            Assert.All(consumes, consume => Assert.Equal(publish.SpanId, consume.ParentSpanId));
            Assert.True(await store.IsAppliedAsync(CounterConsumer, EventIdOf(projectId)));
        }

        Activity batchSpan;
        lock (spans) batchSpan = Assert.Single(spans, s => s.DisplayName == "outbox publish batch ProjectCreated");
        Assert.Equal(3, batchSpan.Links.Count());
        Assert.Equal(3, batchSpan.GetTagItem("messaging.batch.message_count"));

        Guid EventIdOf(Guid projectId) => batches.EventIds.Single(e => e.ProjectId == projectId).EventId;
    }

    [BrokerFact]
    public async Task A_batch_delivered_twice_and_overlapping_a_single_event_applies_each_event_once()
    {
        await using var screening = await _hosts.StartScreeningAsync();
        var bus = screening.Services.GetRequiredService<IBus>();
        var first = new ProjectCreated { ProjectId = Guid.NewGuid(), Title = "alone, then batched", CreatedBy = "alice" };
        var second = new ProjectCreated { ProjectId = Guid.NewGuid(), Title = "only batched", CreatedBy = "alice" };
        var batch = new EventBatch<ProjectCreated> { Events = [new(first, null), new(second, null)] };

        await bus.Publish(first);
        await bus.Publish(batch);
        await bus.Publish(batch);

        var store = BrokerHosts.ScreeningStore(screening);
        await Eventually.HoldsAsync(async () => await store.IsAppliedAsync(CounterConsumer, first.EventId) && await store.IsAppliedAsync(CounterConsumer, second.EventId), "both events were applied");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(2, await ProjectCreatedCounterConsumer.CountAsync(store));
    }

    [BrokerFact]
    public async Task A_poison_event_in_a_batch_does_not_hold_back_the_others_and_a_replay_applies_only_it()
    {
        _hosts.Overrides["Bus:ImmediateRetries"] = "10";
        _hosts.Overrides["Bus:BackoffIntervals:0"] = "00:00:00.100";
        await using var screening = await _hosts.StartScreeningAsync();
        await using var gateway = await _hosts.StartGatewayAsync("dana");
        var store = BrokerHosts.ScreeningStore(screening);
        var dana = gateway.Client(TestTokens.Valid("dana"));
        var errorQueue = $"{_hosts.QueuePrefix}screening-prerequisite-project-created_error";
        ProjectCreated Project(string title) => new() { ProjectId = Guid.NewGuid(), Title = title, CreatedBy = "alice" };

        await screening.Services.GetRequiredService<IBus>().Publish(new EventBatch<ProjectCreated>
        {
            Events = [new(Project("good one"), null), new(Project("needs-reference-data"), null), new(Project("good two"), null)],
        });

        await Eventually.HoldsAsync(async () => await PrerequisiteProjectCreatedConsumer.CountAsync(store) == 2, "the two good events of the batch were applied");
        await Eventually.HoldsAsync(async () => await PoisonMessageTests.DepthAsync(dana, errorQueue) == 1, "the batch waits in the error queue");
        await store.CommitAsync(new UnitOfWork().Put(PrerequisiteProjectCreatedConsumer.Prerequisites, "needs-reference-data", "test", new { fixedBy = "operator" }, 0));
        var replay = await dana.PostAsync($"/api/operations/error-queues/{errorQueue}/replay", null);
        Assert.Equal(1, (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("replayed").GetInt32());

        await Eventually.HoldsAsync(async () => await PrerequisiteProjectCreatedConsumer.CountAsync(store) == 3, "the replayed batch applied the event that had failed");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(3, await PrerequisiteProjectCreatedConsumer.CountAsync(store));
        Assert.Equal(0, await PoisonMessageTests.DepthAsync(dana, errorQueue));
    }

    /// <summary>Batches of ProjectCreated consumed, by queue, and the events they carried.</summary>
    private sealed class BatchCounter : IConsumeMessageObserver<EventBatch<ProjectCreated>>
    {
        private readonly List<(string Queue, int Size)> _consumed = [];

        public List<(Guid ProjectId, Guid EventId)> EventIds { get; } = [];

        public IReadOnlyList<int> SizesAt(string queueSuffix)
        {
            lock (_consumed) return [.. _consumed.Where(c => c.Queue.EndsWith(queueSuffix, StringComparison.Ordinal)).Select(c => c.Size)];
        }

        public Task PreConsume(ConsumeContext<EventBatch<ProjectCreated>> context) => Task.CompletedTask;

        public Task PostConsume(ConsumeContext<EventBatch<ProjectCreated>> context)
        {
            lock (_consumed)
            {
                _consumed.Add((context.ReceiveContext.InputAddress.AbsolutePath, context.Message.Events.Count));
                foreach (var entry in context.Message.Events)
                {
                    if (!EventIds.Contains((entry.Event.ProjectId, entry.Event.EventId))) EventIds.Add((entry.Event.ProjectId, entry.Event.EventId));
                }
            }

            return Task.CompletedTask;
        }

        public Task ConsumeFault(ConsumeContext<EventBatch<ProjectCreated>> context, Exception exception) => Task.CompletedTask;
    }
}

using System.Net.Http.Json;
using EvSysReview.Contracts.Reviews;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.TestSupport;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace EvSysReview.Integration.Tests.Metrics;

/// <summary>The messaging meter over the real broker, read with an in-memory MeterListener.</summary>
public sealed class MessagingMetricsTests : IAsyncLifetime
{
    private readonly BrokerHosts _hosts = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => Broker.DeleteQueuesAsync(_hosts.QueuePrefix);

    [BrokerFact]
    public async Task Published_consumed_duplicate_and_queue_lag_are_measured_per_module_and_event()
    {
        using var metrics = new MetricsRecorder();
        await using var reviews = await _hosts.StartReviewsAsync();
        await using var screening = await _hosts.StartScreeningAsync();
        var store = BrokerHosts.ScreeningStore(screening);

        // Reviews' outbox publishes ProjectCreated and MemberJoined (the lead) for one new project.
        (await reviews.Client(TestTokens.Valid("alice")).PostAsJsonAsync("/api/reviews/projects", new { title = "measured" })).EnsureSuccessStatusCode();
        await Eventually.HoldsAsync(async () => await ProjectCreatedCounterConsumer.CountAsync(store) == 1, "screening applied the project");
        // The publisher counts after the broker's confirm, which can arrive after the consumer applied.
        await Eventually.HoldsAsync(() => Task.FromResult(metrics.Sum(MessagingMetrics.PublishedName, ("module", "reviews"), ("message", "ProjectCreated")) >= 1),
            "reviews counted the confirmed publish");
        Assert.Equal(1, metrics.Sum(MessagingMetrics.PublishedName, ("module", "reviews"), ("message", "ProjectCreated")));

        // An event written three seconds ago, delivered twice: applied once per consumer, then
        // skipped by each inbox; its lag is at least the three seconds it was held back.
        var late = new ProjectCreated { ProjectId = Guid.NewGuid(), Title = "late", CreatedBy = "alice", OccurredAt = DateTimeOffset.UtcNow.AddSeconds(-3) };
        var bus = screening.Services.GetRequiredService<IBus>();
        await bus.Publish(late);
        await Eventually.HoldsAsync(async () => await ProjectCreatedCounterConsumer.CountAsync(store) == 2, "screening applied the late event");
        await bus.Publish(late);

        // Three ProjectCreated consumers in screening: the module's own and the test's two counters.
        const int consumers = 3;
        await Eventually.HoldsAsync(() => Task.FromResult(metrics.Sum(MessagingMetrics.ConsumedName, ("module", "screening"), ("message", "ProjectCreated"), ("outcome", "duplicate")) == consumers),
            "every consumer skipped the redelivery");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(2 * consumers, metrics.Sum(MessagingMetrics.ConsumedName, ("module", "screening"), ("message", "ProjectCreated"), ("outcome", "applied")));
        Assert.Equal(consumers, metrics.Sum(MessagingMetrics.ConsumedName, ("module", "screening"), ("message", "ProjectCreated"), ("outcome", "duplicate")));
        Assert.Equal(2, await ProjectCreatedCounterConsumer.CountAsync(store));
        var lags = metrics.Values(MessagingMetrics.QueueLagName, ("module", "screening"), ("message", "ProjectCreated"));
        Assert.Equal(2 * consumers, lags.Count);
        Assert.Equal(consumers, lags.Count(lag => lag >= 3));
        Assert.All(lags, lag => Assert.InRange(lag, 0, 60));
        Assert.Equal(0, metrics.Backlog("reviews"));
    }
}

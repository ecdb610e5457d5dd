using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EvSysReview.Contracts.Reviews;
using EvSysReview.ServiceDefaults;
using EvSysReview.TestSupport;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace EvSysReview.Integration.Tests;

/// <summary>At-least-once delivery, applied exactly once, over the real RabbitMQ.</summary>
public sealed class OutboxDeliveryTests : IAsyncLifetime
{
    private readonly BrokerHosts _hosts = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => Broker.DeleteQueuesAsync(_hosts.QueuePrefix);

    private static async Task<Guid> CreateProjectAsync(RunningHost reviews, string title)
    {
        var response = await reviews.Client(TestTokens.Valid("alice")).PostAsJsonAsync("/api/reviews/projects", new { title });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<bool> KnowsProjectAsync(RunningHost screening, Guid projectId) =>
        await BrokerHosts.ScreeningStore(screening).GetAsync(ProjectReference.Collection, projectId.ToString("N")) is not null;

    [BrokerFact]
    public async Task An_event_written_through_the_reviews_outbox_reaches_the_screening_consumer()
    {
        await using var reviews = await _hosts.StartReviewsAsync();
        await using var screening = await _hosts.StartScreeningAsync();

        var projectId = await CreateProjectAsync(reviews, "outbox to consumer");

        await Eventually.HoldsAsync(() => KnowsProjectAsync(screening, projectId), "screening stored the project");
        var stored = await BrokerHosts.ScreeningStore(screening).GetAsync(ProjectReference.Collection, projectId.ToString("N"));
        Assert.Equal("outbox to consumer", JsonDocument.Parse(stored!.Json).RootElement.GetProperty("title").GetString());
        // The counter has its own queue, so it may apply a moment after the project reference.
        await Eventually.HoldsAsync(async () => await ProjectCreatedCounterConsumer.CountAsync(BrokerHosts.ScreeningStore(screening)) >= 1, "the counting consumer applied the event");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await ProjectCreatedCounterConsumer.CountAsync(BrokerHosts.ScreeningStore(screening)));
        await Eventually.HoldsAsync(async () => await BrokerHosts.ReviewsStore(reviews).CountPendingOutboxAsync() == 0, "the reviews outbox drained");
    }

    [BrokerFact]
    public async Task The_same_message_delivered_twice_is_applied_once()
    {
        await using var screening = await _hosts.StartScreeningAsync();
        var bus = screening.Services.GetRequiredService<IBus>();
        var duplicate = new ProjectCreated { ProjectId = Guid.NewGuid(), Title = "twice", CreatedBy = "alice" };
        var distinct = new ProjectCreated { ProjectId = Guid.NewGuid(), Title = "once", CreatedBy = "alice" };

        await bus.Publish(duplicate);
        await bus.Publish(duplicate);
        await bus.Publish(distinct);

        var store = BrokerHosts.ScreeningStore(screening);
        await Eventually.HoldsAsync(async () => await store.IsAppliedAsync("screening:ProjectCreatedCounterConsumer", distinct.EventId)
            && await store.IsAppliedAsync("screening:ProjectCreatedCounterConsumer", duplicate.EventId), "both events were applied");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(2, await ProjectCreatedCounterConsumer.CountAsync(store));
    }

    [BrokerFact]
    public async Task A_consumer_host_that_was_down_applies_each_waiting_event_exactly_once_after_restart()
    {
        await using var reviews = await _hosts.StartReviewsAsync();
        var screening = await _hosts.StartScreeningAsync();
        await screening.DisposeAsync();

        var projects = new List<Guid>();
        for (var i = 0; i < 3; i++) projects.Add(await CreateProjectAsync(reviews, $"while screening was down {i}"));
        await Eventually.HoldsAsync(async () => await BrokerHosts.ReviewsStore(reviews).CountPendingOutboxAsync() == 0, "reviews published everything to the broker");

        await using var restarted = await _hosts.StartScreeningAsync();
        foreach (var projectId in projects) await Eventually.HoldsAsync(() => KnowsProjectAsync(restarted, projectId), $"screening caught up with {projectId}");
        await Eventually.HoldsAsync(async () => await ProjectCreatedCounterConsumer.CountAsync(BrokerHosts.ScreeningStore(restarted)) >= 3, "the counting consumer applied the three events");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(3, await ProjectCreatedCounterConsumer.CountAsync(BrokerHosts.ScreeningStore(restarted)));
    }

    [BrokerFact]
    public async Task A_host_that_died_between_its_store_write_and_the_publish_publishes_after_restart()
    {
        await using var screening = await _hosts.StartScreeningAsync();
        Guid projectId;
        // Dispatch off: the commit lands (project, membership and three events in the outbox) and
        // the process stops before any publish, which is the crash window the outbox exists for.
        await using (var dying = await _hosts.StartReviewsAsync(dispatchOutbox: false))
        {
            projectId = await CreateProjectAsync(dying, "written, not yet published");
            Assert.Equal(3, await BrokerHosts.ReviewsStore(dying).CountPendingOutboxAsync());
        }

        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(await KnowsProjectAsync(screening, projectId));

        await using var restarted = await _hosts.StartReviewsAsync();
        await Eventually.HoldsAsync(() => KnowsProjectAsync(screening, projectId), "the restarted host published the stored events");
        await Eventually.HoldsAsync(async () => await BrokerHosts.ReviewsStore(restarted).CountPendingOutboxAsync() == 0, "the outbox drained");
        await Eventually.HoldsAsync(async () => await ProjectCreatedCounterConsumer.CountAsync(BrokerHosts.ScreeningStore(screening)) >= 1, "the counting consumer applied the event");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await ProjectCreatedCounterConsumer.CountAsync(BrokerHosts.ScreeningStore(screening)));
    }
}

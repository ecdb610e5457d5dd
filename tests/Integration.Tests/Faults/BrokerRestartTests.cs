using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EvSysReview.Contracts.Ingestion;
using EvSysReview.Screening.Core.Decisions;
using EvSysReview.Screening.Items;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.TestSupport;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace EvSysReview.Integration.Tests.Faults;

/// <summary>
/// RabbitMQ stops mid-flow and comes back: hosts reconnect by themselves, what was committed while
/// it was down waits in the outboxes and is delivered once afterwards. Runs on a private node, never
/// on the shared broker.
/// </summary>
public sealed class BrokerRestartTests
{
    [PrivateBrokerFact]
    public async Task Decisions_and_projects_committed_while_the_broker_is_down_are_each_delivered_once_after_it_returns()
    {
        await using var node = await PrivateRabbitNode.StartAsync();
        using var metrics = new MetricsRecorder();
        var hosts = new BrokerHosts(node.Uri);
        await using var reviews = await hosts.StartReviewsAsync();
        await using var screening = await hosts.StartScreeningAsync();
        var alice = reviews.Client(TestTokens.Valid("alice"));
        var projectId = (await (await alice.PostAsJsonAsync("/api/reviews/projects", new { title = "broker restart" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await alice.PostAsJsonAsync($"/api/reviews/projects/{projectId}/members", new { username = "bob", role = "reviewer" })).EnsureSuccessStatusCode();
        var bob = screening.Client(TestTokens.Valid("bob"));
        await Eventually.HoldsAsync(async () => (await bob.GetAsync($"/api/screening/projects/{projectId}/status")).IsSuccessStatusCode, "screening knows bob as a reviewer");

        var bus = screening.Services.GetRequiredService<IBus>();
        var items = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            var recordId = Guid.NewGuid();
            await bus.Publish(new CitationImported
            {
                ProjectId = projectId, RecordId = recordId, ImportId = Guid.NewGuid(), Source = "file:ris",
                Citation = new CitationData { Title = $"Exosomes from mesenchymal stem cells in a mouse model, study {i}" },
            });
            items.Add(ItemDocument.ItemIdFor(recordId, ScreeningStage.TitleAbstract));
        }

        foreach (var item in items)
        {
            await Eventually.HoldsAsync(async () => (await bob.GetAsync($"/api/screening/projects/{projectId}/items/{item}")).IsSuccessStatusCode, $"item {item} exists");
        }

        await DecideAsync(bob, projectId, items[0]);
        var store = BrokerHosts.ScreeningStore(screening);
        await Eventually.HoldsAsync(async () => await DecisionRecordedCounterConsumer.CountAsync(store) == 1, "the first decision came back over the broker");

        await node.StopAsync();
        foreach (var item in items.Skip(1)) await DecideAsync(bob, projectId, item);
        var created = await alice.PostAsJsonAsync("/api/reviews/projects", new { title = "created while the broker was down" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var laterProject = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.True(await store.CountPendingOutboxAsync() >= 3, "the three decisions wait in screening's outbox");
        await Eventually.HoldsAsync(() => Task.FromResult(metrics.Backlog("screening") >= 3), "the backlog gauge shows screening's waiting events");
        Assert.Equal(1, await DecisionRecordedCounterConsumer.CountAsync(store));

        await node.StartAgainAsync();
        await Eventually.HoldsAsync(async () => await DecisionRecordedCounterConsumer.CountAsync(store) >= 4, "the decisions made during the outage arrived", TimeSpan.FromSeconds(120));
        await Eventually.HoldsAsync(async () => await store.GetAsync(ProjectReference.Collection, laterProject.ToString("N")) is not null, "the project created during the outage arrived", TimeSpan.FromSeconds(60));
        // The counting consumer has a queue and receive endpoint of its own, which reconnects on its own
        // schedule: the project reference above says nothing about when it is back. A fresh-clone CI run
        // (2026-12-03 15:40) read 1 here after the 2 s below. Waiting for 2 still fails if an event is lost;
        // the exact count after the pause still fails if one is applied twice.
        await Eventually.HoldsAsync(async () => await ProjectCreatedCounterConsumer.CountAsync(store) >= 2, "the counting consumer saw the project created during the outage", TimeSpan.FromSeconds(60));
        await Eventually.HoldsAsync(async () => await store.CountPendingOutboxAsync() == 0 && await BrokerHosts.ReviewsStore(reviews).CountPendingOutboxAsync() == 0, "both outboxes drained");
        await Eventually.HoldsAsync(() => Task.FromResult(metrics.Backlog("screening") == 0), "the backlog gauge is back to zero");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(4, await DecisionRecordedCounterConsumer.CountAsync(store));
        Assert.Equal(2, await ProjectCreatedCounterConsumer.CountAsync(store));
        Assert.Equal(4, metrics.Sum(MessagingMetrics.ScreeningDecisionsName));
    }

    private static async Task DecideAsync(HttpClient reviewer, Guid projectId, Guid itemId)
    {
        var response = await reviewer.PostAsJsonAsync($"/api/screening/projects/{projectId}/items/{itemId}/decisions", new { decision = "include" });
        Assert.True(response.IsSuccessStatusCode, $"decision on {itemId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}

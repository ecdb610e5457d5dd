using System.Net;
using System.Text.Json;
using EvSysReview.ServiceDefaults.Security;
using EvSysReview.TestSupport;
using static EvSysReview.Screening.Tests.ScreeningProjects;

namespace EvSysReview.Screening.Tests;

/// <summary>"While an item is open, no API returns another reviewer's decision on it to a reviewer" — checked through every endpoint a reviewer can call.</summary>
[Collection(ScreeningCollection.Name)]
public sealed class BlindingTests(ScreeningHost host)
{
    private static readonly (string, string)[] Team = [("ana", ProjectRoles.Reviewer), ("ben", ProjectRoles.Reviewer), ("meg", ProjectRoles.Methodologist), ("olga", ProjectRoles.Observer)];

    [Fact]
    public async Task No_endpoint_shows_a_reviewer_the_other_decision_while_the_item_is_open_or_in_conflict()
    {
        var projectId = await host.CreateProjectAsync("lead", Team);
        var recordId = (await host.ImportAsync(projectId, Citation("Blinded record")))[0];
        var itemId = ScreeningHost.TitleAbstract(recordId);
        await host.As("ana").DecideAsync(projectId, itemId, "include");

        // One decision in: ben, the observer and the methodologist see nothing of ana's.
        foreach (var who in new[] { "ben", "olga", "meg" })
            await AssertBlindAsync(projectId, itemId, who, "ana");
        var served = await (await host.As("ben").NextAsync(projectId)).JsonAsync();
        AssertNoOtherDecision(served, "ana");

        var decided = await (await host.As("ben").DecideAsync(projectId, itemId, "exclude")).JsonAsync();
        AssertNoOtherDecision(decided, "ana");
        Assert.Equal("open", decided.GetProperty("status").GetString());

        // In conflict: still blinded for both reviewers and the observer; the methodologist sees both.
        foreach (var (who, other) in new[] { ("ana", "ben"), ("ben", "ana"), ("olga", "ana") })
            await AssertBlindAsync(projectId, itemId, who, other);
        var adjudicatorView = await (await host.As("meg").GetAsync($"{ScreeningApi.Project(projectId)}/items/{itemId}")).JsonAsync();
        Assert.Equal("conflict", adjudicatorView.GetProperty("status").GetString());
        Assert.Equal(2, adjudicatorView.GetProperty("otherDecisions").GetArrayLength());
        foreach (var who in new[] { "ana", "olga" })
            Assert.Equal(HttpStatusCode.Forbidden, (await host.As(who).GetAsync($"{ScreeningApi.Project(projectId)}/conflicts")).StatusCode);

        // Final: the decisions are no secret any more.
        Assert.Equal(HttpStatusCode.OK, (await host.As("meg").ResolveAsync(projectId, itemId, "include", "Mice were used; include.")).StatusCode);
        var finalView = await (await host.As("ben").GetAsync($"{ScreeningApi.Project(projectId)}/items/{itemId}")).JsonAsync();
        Assert.Equal("final", finalView.GetProperty("status").GetString());
        Assert.Equal("ana", finalView.GetProperty("otherDecisions")[0].GetProperty("reviewerId").GetString());
        var statistics = await (await host.As("ben").GetAsync($"{ScreeningApi.Project(projectId)}/statistics")).JsonAsync();
        Assert.Equal(1, statistics.GetProperty("agreement")[0].GetProperty("n").GetInt32());
    }

    [Fact]
    public async Task A_withdrawal_and_the_next_serving_stay_blind_and_a_protocol_without_blinding_shows_every_decision()
    {
        var projectId = await host.CreateProjectAsync("lead", Team);
        var itemId = ScreeningHost.TitleAbstract((await host.ImportAsync(projectId, Citation("Withdrawn and served again")))[0]);
        await host.As("ana").DecideAsync(projectId, itemId, "include");
        await host.As("ben").DecideAsync(projectId, itemId, "exclude");
        var withdrawal = await host.As("ben").DeleteAsync($"{ScreeningApi.Project(projectId)}/items/{itemId}/decisions/me");
        Assert.Equal(HttpStatusCode.NoContent, withdrawal.StatusCode);
        Assert.Empty(await withdrawal.Content.ReadAsStringAsync());
        var servedAgain = await (await host.As("ben").NextAsync(projectId)).JsonAsync();
        Assert.Equal(itemId, servedAgain.GetProperty("itemId").GetGuid());
        AssertNoOtherDecision(servedAgain, "ana");
        await AssertBlindAsync(projectId, itemId, "ben", "ana");

        var open = await host.CreateProjectAsync("lead", Team, blinded: false);
        var openItem = ScreeningHost.TitleAbstract((await host.ImportAsync(open, Citation("Screened in the open")))[0]);
        await host.As("ana").DecideAsync(open, openItem, "include");
        var seen = await (await host.As("ben").NextAsync(open)).JsonAsync();
        Assert.False(seen.GetProperty("othersHidden").GetBoolean());
        Assert.Equal("ana", seen.GetProperty("otherDecisions")[0].GetProperty("reviewerId").GetString());
        await host.As("ben").DecideAsync(open, openItem, "exclude");
        var conflict = await (await host.As("olga").GetAsync($"{ScreeningApi.Project(open)}/items/{openItem}")).JsonAsync();
        Assert.Equal("conflict", conflict.GetProperty("status").GetString());
        Assert.Equal(2, conflict.GetProperty("otherDecisions").GetArrayLength());
        var statistics = await (await host.As("ben").GetAsync($"{ScreeningApi.Project(open)}/statistics")).JsonAsync();
        Assert.Equal(1, statistics.GetProperty("stages").GetProperty("title-abstract").GetProperty("conflictsOpen").GetInt32());
    }

    [Fact]
    public async Task Statistics_count_an_open_conflict_among_the_ranked_items_for_the_blinded_so_awaiting_minus_ranked_does_not_reveal_it()
    {
        var projectId = await host.CreateProjectAsync("lead", Team, fullText: false);
        var records = await host.ImportAsync(projectId, Citation("Ranked record 1"), Citation("Ranked record 2"), Citation("Ranked record 3"));
        var conflictId = ScreeningHost.TitleAbstract(records[0]);
        await host.As("ana").DecideAsync(projectId, conflictId, "include");
        await host.As("ben").DecideAsync(projectId, conflictId, "exclude");
        // The rerank after the conflict places the two items still awaiting decisions.
        await Eventually.HoldsAsync(async () =>
            (await host.Repository().RankingAsync(projectId, Core.Decisions.ScreeningStage.TitleAbstract, default))?.Result.Order.Count == 2,
            "a ranking of the two items still awaiting decisions");

        foreach (var (viewer, awaiting, ranked) in new[] { ("ana", 3, 3), ("olga", 3, 3), ("meg", 2, 2) })
        {
            var stage = (await (await host.As(viewer).GetAsync($"{ScreeningApi.Project(projectId)}/statistics")).JsonAsync()).GetProperty("stages").GetProperty("title-abstract");
            Assert.Equal((viewer, awaiting, ranked), (viewer, stage.GetProperty("awaiting").GetInt32(), stage.GetProperty("ranking").GetProperty("items").GetInt32()));
        }
    }

    private async Task AssertBlindAsync(Guid projectId, Guid itemId, string viewer, string other)
    {
        var view = await (await host.As(viewer).GetAsync($"{ScreeningApi.Project(projectId)}/items/{itemId}")).JsonAsync();
        Assert.Equal("open", view.GetProperty("status").GetString());
        Assert.True(view.GetProperty("othersHidden").GetBoolean());
        AssertNoOtherDecision(view, other);

        var statistics = await host.As(viewer).GetAsync($"{ScreeningApi.Project(projectId)}/statistics");
        Assert.Equal(HttpStatusCode.OK, statistics.StatusCode);
        var body = await statistics.JsonAsync();
        Assert.Equal(0, body.GetProperty("agreement").GetArrayLength());
        var stage = body.GetProperty("stages").GetProperty("title-abstract");
        if (viewer != "meg") Assert.Equal(JsonValueKind.Null, stage.GetProperty("conflictsOpen").ValueKind);
        Assert.Equal(1, stage.GetProperty("remaining").GetInt32());
    }

    private static void AssertNoOtherDecision(JsonElement view, string other)
    {
        Assert.Equal(0, view.GetProperty("otherDecisions").GetArrayLength());
        Assert.DoesNotContain($"\"{other}\"", view.GetRawText());
    }
}

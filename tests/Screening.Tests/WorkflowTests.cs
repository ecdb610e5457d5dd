using System.Net;
using System.Net.Http.Json;
using EvSysReview.Contracts.Screening;
using EvSysReview.ServiceDefaults.Security;
using EvSysReview.TestSupport;
using static EvSysReview.Screening.Tests.ScreeningProjects;

namespace EvSysReview.Screening.Tests;

[Collection(ScreeningCollection.Name)]
public sealed class WorkflowTests(ScreeningHost host)
{
    private static readonly (string, string)[] Team = [("ana", ProjectRoles.Reviewer), ("ben", ProjectRoles.Reviewer), ("cat", ProjectRoles.Reviewer), ("meg", ProjectRoles.Methodologist), ("olga", ProjectRoles.Observer)];

    [Fact]
    public async Task Two_includes_advance_the_record_and_two_full_text_includes_send_StudyIncluded_with_the_citation_and_design()
    {
        var projectId = await host.CreateProjectAsync("lead", Team);
        var recordId = (await host.ImportAsync(projectId, Citation("MSC exosomes in APP/PS1 mice")))[0];
        var ta = ScreeningHost.TitleAbstract(recordId);

        var first = await host.As("ana").DecideAsync(projectId, ta, "include");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("open", (await first.JsonAsync()).GetProperty("status").GetString());
        var second = await host.As("ben").DecideAsync(projectId, ta, "include");
        Assert.Equal("final", (await second.JsonAsync()).GetProperty("status").GetString());

        await Eventually.HoldsAsync(() => Task.FromResult(host.Observed.Of<RecordAdvanced>(projectId).Count == 1), "RecordAdvanced published");
        var advanced = host.Observed.Of<RecordAdvanced>(projectId)[0];
        Assert.Equal((recordId, "title-abstract", "full-text"), (advanced.RecordId, advanced.FromStage, advanced.ToStage));

        var next = await host.As("ana").NextAsync(projectId, "full-text");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        var served = await next.JsonAsync();
        Assert.Equal(ScreeningHost.FullText(recordId), served.GetProperty("itemId").GetGuid());
        Assert.Equal("MSC exosomes in APP/PS1 mice", served.GetProperty("title").GetString());
        Assert.Equal(Reasons.Length + 1, served.GetProperty("exclusionReasons").GetArrayLength());

        var ft = ScreeningHost.FullText(recordId);
        Assert.Equal(HttpStatusCode.OK, (await host.As("ana").DecideAsync(projectId, ft, "include", studyDesign: "randomised")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.As("ben").DecideAsync(projectId, ft, "include")).StatusCode);
        await Eventually.HoldsAsync(() => Task.FromResult(host.Observed.Of<StudyIncluded>(projectId).Count == 1), "StudyIncluded published");
        var included = host.Observed.Of<StudyIncluded>(projectId)[0];
        Assert.Equal((recordId, "MSC exosomes in APP/PS1 mice", "randomised", 2021), (included.StudyId, included.Citation.Title, included.StudyDesign, included.Citation.Year));
        await Eventually.HoldsAsync(() => Task.FromResult(host.Observed.Of<DecisionRecorded>(projectId).Count == 4), "four DecisionRecorded");
    }

    [Fact]
    public async Task Full_text_exclusion_without_a_reason_is_refused_naming_reason_and_with_one_sends_StudyExcluded()
    {
        var projectId = await host.CreateProjectAsync("lead", Team);
        var recordId = (await host.ImportAsync(projectId, Citation("EVs in rats")))[0];
        foreach (var who in new[] { "ana", "ben" })
            await host.As(who).DecideAsync(projectId, ScreeningHost.TitleAbstract(recordId), "include");
        var ft = ScreeningHost.FullText(recordId);

        var refused = await host.As("ana").DecideAsync(projectId, ft, "exclude");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("reason", await refused.ProblemFieldAsync());
        var unknown = await host.As("ana").DecideAsync(projectId, ft, "exclude", reason: "too long");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("reason", await unknown.ProblemFieldAsync());
        var badDecision = await host.As("ana").DecideAsync(projectId, ft, "perhaps");
        Assert.Equal("decision", await badDecision.ProblemFieldAsync());

        Assert.Equal(HttpStatusCode.OK, (await host.As("ana").DecideAsync(projectId, ft, "exclude", reason: "no control group")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.As("ben").DecideAsync(projectId, ft, "exclude", reason: "no control group")).StatusCode);
        await Eventually.HoldsAsync(() => Task.FromResult(host.Observed.Of<StudyExcluded>(projectId).Count == 1), "StudyExcluded published");
        var excluded = host.Observed.Of<StudyExcluded>(projectId)[0];
        Assert.Equal((recordId, "full-text", "no control group", false, false), (excluded.StudyId, excluded.Stage, excluded.Reason, excluded.WasIncluded, excluded.ByAutomation));

        var late = await host.As("cat").DecideAsync(projectId, ft, "include");
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
    }

    [Fact]
    public async Task Next_reserves_an_item_for_no_more_readers_than_the_protocol_needs_and_skips_what_the_reviewer_decided()
    {
        var projectId = await host.CreateProjectAsync("lead", Team);
        var recordId = (await host.ImportAsync(projectId, Citation("One record only")))[0];

        Assert.Equal(recordId, (await (await host.As("ana").NextAsync(projectId)).JsonAsync()).GetProperty("recordId").GetGuid());
        Assert.Equal(recordId, (await (await host.As("ben").NextAsync(projectId)).JsonAsync()).GetProperty("recordId").GetGuid());
        Assert.Equal(HttpStatusCode.NoContent, (await host.As("cat").NextAsync(projectId)).StatusCode);
        // Asking again (a refresh) serves the item the reviewer holds.
        Assert.Equal(recordId, (await (await host.As("ana").NextAsync(projectId)).JsonAsync()).GetProperty("recordId").GetGuid());

        await host.As("ana").DecideAsync(projectId, ScreeningHost.TitleAbstract(recordId), "exclude");
        Assert.Equal(HttpStatusCode.NoContent, (await host.As("ana").NextAsync(projectId)).StatusCode);
        var progress = (await (await host.As("ben").NextAsync(projectId)).JsonAsync()).GetProperty("progress");
        Assert.Equal((0, 1), (progress.GetProperty("screened").GetInt32(), progress.GetProperty("remaining").GetInt32()));

        var badStage = await host.As("ana").NextAsync(projectId, "abstracts");
        Assert.Equal("stage", await badStage.ProblemFieldAsync());
    }

    [Fact]
    public async Task Before_the_first_include_the_queue_follows_the_highlight_terms_and_next_carries_the_highlights()
    {
        var projectId = await host.CreateProjectAsync("lead", Team);
        await host.ImportAsync(
            projectId,
            Citation("A review of stem cells", "An in vitro review."),
            Citation("Exosomes in mice", "Exosomes from MSCs protected mice."));

        var served = await (await host.As("ana").NextAsync(projectId)).JsonAsync();
        Assert.Equal("Exosomes in mice", served.GetProperty("title").GetString());
        var highlights = served.GetProperty("highlights").EnumerateArray().ToList();
        Assert.Contains(highlights, h => h.GetProperty("field").GetString() == "title" && h.GetProperty("start").GetInt32() == 0 && h.GetProperty("length").GetInt32() == "Exosomes".Length && h.GetProperty("kind").GetString() == "include");
        Assert.Contains(highlights, h => h.GetProperty("field").GetString() == "title" && h.GetProperty("start").GetInt32() == "Exosomes in ".Length && h.GetProperty("kind").GetString() == "include");
    }

    [Fact]
    public async Task A_reviewer_withdraws_their_decision_while_the_item_is_open_and_not_once_it_is_final()
    {
        var projectId = await host.CreateProjectAsync("lead", Team);
        var itemId = ScreeningHost.TitleAbstract((await host.ImportAsync(projectId, Citation("Undo me")))[0]);
        var path = $"{ScreeningApi.Project(projectId)}/items/{itemId}/decisions/me";

        await host.As("ana").DecideAsync(projectId, itemId, "include");
        Assert.Equal(HttpStatusCode.NoContent, (await host.As("ana").DeleteAsync(path)).StatusCode);
        await Eventually.HoldsAsync(() => Task.FromResult(host.Observed.Of<DecisionWithdrawn>(projectId).Count == 1), "DecisionWithdrawn published");
        var withdrawn = host.Observed.Of<DecisionWithdrawn>(projectId)[0];
        Assert.Equal((itemId, "title-abstract", "ana", false), (withdrawn.ItemId, withdrawn.Stage, withdrawn.Reviewer, withdrawn.ConflictClosed));
        var view = await (await host.As("ana").GetAsync($"{ScreeningApi.Project(projectId)}/items/{itemId}")).JsonAsync();
        Assert.Equal(JsonValueKindNull, view.GetProperty("ownDecision").ValueKind);
        var none = await host.As("ana").DeleteAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal("decision", await none.ProblemFieldAsync());

        // Withdrawing from a conflict closes it: the event says so, the methodologist's queue drops it.
        await host.As("ana").DecideAsync(projectId, itemId, "include");
        await host.As("ben").DecideAsync(projectId, itemId, "exclude");
        Assert.Equal(HttpStatusCode.NoContent, (await host.As("ben").DeleteAsync(path)).StatusCode);
        await Eventually.HoldsAsync(() => Task.FromResult(host.Observed.Of<DecisionWithdrawn>(projectId).Count == 2), "second DecisionWithdrawn");
        Assert.Equal(("ben", true), (host.Observed.Of<DecisionWithdrawn>(projectId)[1].Reviewer, host.Observed.Of<DecisionWithdrawn>(projectId)[1].ConflictClosed));
        Assert.Equal(0, (await (await host.As("meg").GetAsync($"{ScreeningApi.Project(projectId)}/conflicts")).JsonAsync()).GetArrayLength());
        await host.As("ana").DeleteAsync(path);

        // Changing one's mind is allowed until final.
        await host.As("ana").DecideAsync(projectId, itemId, "maybe");
        await host.As("ana").DecideAsync(projectId, itemId, "exclude");
        await host.As("ben").DecideAsync(projectId, itemId, "exclude");
        Assert.Equal(HttpStatusCode.Conflict, (await host.As("ana").DeleteAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await host.As("ana").DecideAsync(projectId, itemId, "include")).StatusCode);
    }

    [Fact]
    public async Task With_one_reviewer_per_record_a_single_exclude_is_final()
    {
        var projectId = await host.CreateProjectAsync("lead", Team, reviewersPerRecord: 1, fullText: false);
        var recordId = (await host.ImportAsync(projectId, Citation("Single screening")))[0];

        // The gateway stamps every request with an X-Correlation-Id; the events the decision causes carry it.
        var correlationId = Guid.NewGuid();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{ScreeningApi.Project(projectId)}/items/{ScreeningHost.TitleAbstract(recordId)}/decisions")
        {
            Content = JsonContent.Create(new { decision = "exclude", reason = "in vitro only" }),
        };
        request.Headers.Add("X-Correlation-Id", correlationId.ToString());
        var decided = await (await host.As("cat").SendAsync(request)).JsonAsync();

        Assert.Equal("final", decided.GetProperty("status").GetString());
        await Eventually.HoldsAsync(() => Task.FromResult(host.Observed.Of<StudyExcluded>(projectId).Count == 1), "StudyExcluded published");
        var excluded = host.Observed.Of<StudyExcluded>(projectId)[0];
        Assert.Equal(("title-abstract", "in vitro only", correlationId), (excluded.Stage, excluded.Reason, excluded.CorrelationId));
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;
}

using System.Net;
using System.Net.Http.Json;
using EvSysReview.Contracts.Ingestion;
using EvSysReview.Contracts.Screening;
using EvSysReview.ServiceDefaults.Security;
using EvSysReview.TestSupport;
using static EvSysReview.Screening.Tests.ScreeningProjects;

namespace EvSysReview.Screening.Tests;

[Collection(ScreeningCollection.Name)]
public sealed class RetractionTests(ScreeningHost host)
{
    private static readonly (string, string)[] Team = [("ana", ProjectRoles.Reviewer), ("ben", ProjectRoles.Reviewer)];

    [Fact]
    public async Task Retracting_an_included_study_excludes_and_withdraws_it_and_a_lead_override_includes_it_again()
    {
        var projectId = await host.CreateProjectAsync("lead", Team, fullText: false);
        var recordId = (await host.ImportAsync(projectId, Citation("Later retracted")))[0];
        var itemId = ScreeningHost.TitleAbstract(recordId);
        foreach (var who in new[] { "ana", "ben" })
            await host.As(who).DecideAsync(projectId, itemId, "include");
        await Eventually.HoldsAsync(() => Task.FromResult(host.Observed.Of<StudyIncluded>(projectId).Count == 1), "StudyIncluded");

        var retraction = new CitationRetracted { ProjectId = projectId, RecordId = recordId, Pmid = "123" };
        await host.PublishAsync(retraction);
        await Eventually.HoldsAsync(() => Task.FromResult(host.Observed.Of<StudyExcluded>(projectId).Count == 1), "StudyExcluded after the retraction");
        var excluded = host.Observed.Of<StudyExcluded>(projectId)[0];
        // The exclusion carries the retraction's correlation id: one cause, one id across services.
        Assert.Equal((recordId, "retracted", true, "title-abstract", retraction.CorrelationId), (excluded.StudyId, excluded.Reason, excluded.WasIncluded, excluded.Stage, excluded.CorrelationId));
        // Extraction and risk of bias hear of it as StudyWithdrawn, the same exclusion.
        await Eventually.HoldsAsync(() => Task.FromResult(host.Observed.Of<StudyWithdrawn>(projectId).Count == 1), "StudyWithdrawn beside it");
        var withdrawn = host.Observed.Of<StudyWithdrawn>(projectId)[0];
        Assert.Equal((recordId, "retracted", "title-abstract", excluded.CorrelationId, excluded.OccurredAt), (withdrawn.StudyId, withdrawn.Reason, withdrawn.Stage, withdrawn.CorrelationId, withdrawn.OccurredAt));
        var view = await (await host.As("ana").GetAsync($"{ScreeningApi.Project(projectId)}/items/{itemId}")).JsonAsync();
        Assert.True(view.GetProperty("retracted").GetBoolean());
        Assert.Equal("retracted", view.GetProperty("outcome").GetProperty("reason").GetString());

        var path = $"{ScreeningApi.Project(projectId)}/items/{itemId}/retraction-override";
        Assert.Equal(HttpStatusCode.Forbidden, (await host.As("ana").PostAsJsonAsync(path, new { note = "mine" })).StatusCode);
        Assert.Equal("note", await (await host.As("lead").PostAsJsonAsync(path, new { note = "" })).ProblemFieldAsync());
        var overrideCorrelation = Guid.NewGuid();
        using var overrideRequest = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(new { note = "Retraction concerns another figure; data still valid." }) };
        overrideRequest.Headers.Add("X-Correlation-Id", overrideCorrelation.ToString());
        var kept = await host.As("lead").SendAsync(overrideRequest);
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        Assert.False((await kept.JsonAsync()).GetProperty("retracted").GetBoolean());
        await Eventually.HoldsAsync(() => Task.FromResult(host.Observed.Of<StudyIncluded>(projectId).Count == 2), "StudyIncluded again after the override");
        await Eventually.HoldsAsync(() => Task.FromResult(host.Observed.Of<RetractionOverridden>(projectId).Count == 1), "RetractionOverridden published");
        var overridden = host.Observed.Of<RetractionOverridden>(projectId)[0];
        Assert.Equal((itemId, "lead", "final", overrideCorrelation), (overridden.ItemId, overridden.Lead, overridden.Status, overridden.CorrelationId));
        Assert.Equal(overrideCorrelation, host.Observed.Of<StudyIncluded>(projectId)[1].CorrelationId);
        Assert.Equal(HttpStatusCode.Conflict, (await host.As("lead").PostAsJsonAsync(path, new { note = "again" })).StatusCode);
    }

    [Fact]
    public async Task A_retraction_is_left_out_of_the_consecutive_excludes_in_next_and_statistics()
    {
        var projectId = await host.CreateProjectAsync("lead", [("ana", ProjectRoles.Reviewer)], reviewersPerRecord: 1, fullText: false);
        var records = await host.ImportAsync(projectId, Citation("Included"), Citation("Excluded"), Citation("Later retracted"), Citation("Still open"));
        var ana = host.As("ana");
        await ana.DecideAsync(projectId, ScreeningHost.TitleAbstract(records[0]), "include");
        await ana.DecideAsync(projectId, ScreeningHost.TitleAbstract(records[1]), "exclude");

        // The retraction is final after the exclude, but says nothing about how many excludes ran in a row.
        await host.PublishAsync(new CitationRetracted { ProjectId = projectId, RecordId = records[2], Pmid = "456" });
        System.Text.Json.JsonElement stage = default;
        await Eventually.HoldsAsync(async () =>
        {
            stage = (await (await ana.GetAsync($"{ScreeningApi.Project(projectId)}/statistics")).JsonAsync()).GetProperty("stages").GetProperty("title-abstract");
            return stage.GetProperty("retracted").GetInt32() == 1;
        }, "the retraction in the statistics");
        var progress = (await (await ana.NextAsync(projectId)).JsonAsync()).GetProperty("progress");

        Assert.Equal((3, 1), (stage.GetProperty("screened").GetInt32(), stage.GetProperty("consecutiveExcludes").GetInt32()));
        Assert.Equal((3, 1), (progress.GetProperty("screened").GetInt32(), progress.GetProperty("consecutiveExcludes").GetInt32()));
    }

    [Fact]
    public async Task A_citation_retracted_on_import_or_before_it_arrived_is_excluded_at_once_never_served_and_not_withdrawn()
    {
        var projectId = await host.CreateProjectAsync("lead", Team);
        var early = Guid.NewGuid();
        await host.PublishAsync(new CitationRetracted { ProjectId = projectId, RecordId = early });
        await host.PublishAsync(new CitationImported { ProjectId = projectId, RecordId = early, ImportId = Guid.NewGuid(), Source = "pubmed-alert", Citation = Citation("Retraction came first") });
        await host.ImportAsync(projectId, Citation("Flagged on import") with { Retracted = true });

        await Eventually.HoldsAsync(() => Task.FromResult(host.Observed.Of<StudyExcluded>(projectId).Count == 2), "both excluded as retracted");
        Assert.All(host.Observed.Of<StudyExcluded>(projectId), e => Assert.Equal(("retracted", false), (e.Reason, e.WasIncluded)));
        // Never included: nothing to withdraw downstream. (A StudyWithdrawn would leave in the same commit.)
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.Empty(host.Observed.Of<StudyWithdrawn>(projectId));
        Assert.Equal(HttpStatusCode.NoContent, (await host.As("ana").NextAsync(projectId)).StatusCode);
        var stage = (await (await host.As("ana").GetAsync($"{ScreeningApi.Project(projectId)}/statistics")).JsonAsync()).GetProperty("stages").GetProperty("title-abstract");
        Assert.Equal((2, 2), (stage.GetProperty("retracted").GetInt32(), stage.GetProperty("excludedByReason").GetProperty("retracted").GetInt32()));
    }
}

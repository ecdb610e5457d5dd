using System.Net;
using EvSysReview.ServiceDefaults.Security;

namespace EvSysReview.Extraction.Tests;

/// <summary>
/// Reopen honours If-Match on the consensus, as finalize and risk of bias's reopen do: a reopen
/// decided on a finalised consensus that has since been corrected and finalised again is stale.
/// </summary>
[Collection(ExtractionCollection.Name)]
public sealed class ReopenPreconditionTests(ExtractionHost host)
{
    [Fact]
    public async Task A_reopen_on_a_stale_consensus_is_refused_with_412_and_the_study_stays_finalised()
    {
        var projectId = await host.CreateProjectAsync("lead15", ("amy", ProjectRoles.Reviewer), ("ben", ProjectRoles.Reviewer), ("meth3", ProjectRoles.Methodologist));
        var studyId = await host.IncludeStudyAsync(projectId, "lead15", "Sato, Yui");
        var study = ExtractionApi.Study(projectId, studyId);
        foreach (var who in new[] { "amy", "ben" })
        {
            Assert.Equal(HttpStatusCode.Created, (await host.As(who).SaveEntryAsync(projectId, studyId, StudyEntries.Complete(studyId))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await host.As(who).PostAsync(projectId, studyId, "submit")).StatusCode);
        }

        var strain = new { choices = new object[] { new { path = "fields.strain.text", source = "agreed", value = "C57BL/6J" } } };
        Assert.Equal(HttpStatusCode.OK, (await host.As("meth3").SendJsonAsync(HttpMethod.Put, $"{study}/consensus", strain)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.As("meth3").PostAsync(projectId, studyId, "finalize")).StatusCode);
        // meth3 reads the finalised consensus; meanwhile the lead corrects it and finalises again
        // (every finalisation writes the consensus, so its ETag moves on).
        var readBeforeCorrection = (await host.As("meth3").GetAsync($"{study}/consensus")).Headers.ETag!.Tag;
        Assert.Equal(HttpStatusCode.OK, (await host.As("lead15").PostAsync(projectId, studyId, "reopen", new { reason = "strain misread" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.As("lead15").SendJsonAsync(HttpMethod.Put, $"{study}/consensus", new { choices = new object[] { new { path = "fields.strain.text", source = "agreed", value = "BALB/c" } } }, readBeforeCorrection)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.As("lead15").PostAsync(projectId, studyId, "finalize")).StatusCode);

        var stale = await host.As("meth3").SendJsonAsync(HttpMethod.Post, $"{study}/reopen", new { reason = "strain misread" }, readBeforeCorrection);

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("If-Match", (await stale.JsonAsync()).GetProperty("field").GetString());
        Assert.Equal("finalised", (await host.TaskAsync(projectId, studyId, "meth3"))!.Value.GetProperty("status").GetString());
        var readNow = (await host.As("meth3").GetAsync($"{study}/consensus")).Headers.ETag!.Tag;
        Assert.NotEqual(readBeforeCorrection, readNow);
        Assert.Equal(HttpStatusCode.OK, (await host.As("meth3").SendJsonAsync(HttpMethod.Post, $"{study}/reopen", new { reason = "strain still wrong" }, readNow)).StatusCode);
    }
}

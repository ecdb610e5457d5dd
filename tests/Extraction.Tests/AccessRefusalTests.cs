using System.Net;
using EvSysReview.ServiceDefaults.Security;

namespace EvSysReview.Extraction.Tests;

[Collection(ExtractionCollection.Name)]
public sealed class AccessRefusalTests(ExtractionHost host)
{
    [Fact]
    public async Task Observers_read_but_do_not_extract_reviewers_do_not_adjudicate_and_outsiders_see_nothing()
    {
        var projectId = await host.CreateProjectAsync("lead8", ("alice", ProjectRoles.Reviewer), ("obs", ProjectRoles.Observer), ("meth", ProjectRoles.Methodologist));
        var studyId = await host.IncludeStudyAsync(projectId, "lead8", "Ito K");
        var study = ExtractionApi.Study(projectId, studyId);
        var entry = StudyEntries.Complete(studyId);

        var observerSaves = await host.As("obs").SaveEntryAsync(projectId, studyId, entry);
        Assert.Equal(HttpStatusCode.Forbidden, observerSaves.StatusCode);
        Assert.Contains("observer", (await observerSaves.JsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await host.As("obs").GetAsync($"{study}/entries/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.As("obs").PostAsync(projectId, studyId, "submit")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.As("obs").GetAsync($"/api/extraction/projects/{projectId}/tasks")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.As("obs").GetAsync($"/api/extraction/projects/{projectId}/form")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.As("obs").GetAsync($"/api/extraction/projects/{projectId}/export?format=csv")).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await host.As("alice").SendJsonAsync(HttpMethod.Put, $"{study}/consensus", new { choices = Array.Empty<object>() })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.As("alice").PostAsync(projectId, studyId, "finalize")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.As("alice").PostAsync(projectId, studyId, "reopen", new { reason = "typo" })).StatusCode);

        foreach (var outsiderPath in new[] { $"/api/extraction/projects/{projectId}/tasks", $"{study}/entries/me", $"{study}/history", $"/api/extraction/projects/{projectId}/export" })
            Assert.Equal(HttpStatusCode.NotFound, (await host.As("mallory").GetAsync(outsiderPath)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.As("mallory").SaveEntryAsync(projectId, studyId, entry)).StatusCode);

        // A methodologist may extract too; a study that was never included is a 404 naming studyId.
        Assert.Equal(HttpStatusCode.Created, (await host.As("meth").SaveEntryAsync(projectId, studyId, entry)).StatusCode);
        var unknown = await host.As("alice").SaveEntryAsync(projectId, Guid.NewGuid(), entry);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("studyId", (await unknown.JsonAsync()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Lifecycle_refusals_are_409s_and_bad_parameters_400s()
    {
        var projectId = await host.CreateProjectAsync("lead9", ("alice", ProjectRoles.Reviewer), ("meth", ProjectRoles.Methodologist));
        var studyId = await host.IncludeStudyAsync(projectId, "lead9", "Ito K");
        var study = ExtractionApi.Study(projectId, studyId);

        Assert.Equal(HttpStatusCode.Conflict, (await host.As("meth").PostAsync(projectId, studyId, "finalize")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await host.As("meth").PostAsync(projectId, studyId, "reopen", new { reason = "not finalised yet" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await host.As("meth").SendJsonAsync(HttpMethod.Put, $"{study}/consensus", new { choices = Array.Empty<object>() })).StatusCode);
        var noReason = await host.As("meth").PostAsync(projectId, studyId, "reopen", new { reason = " " });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal("reason", (await noReason.JsonAsync()).GetProperty("field").GetString());
        var badFormat = await host.As("alice").GetAsync($"/api/extraction/projects/{projectId}/export?format=xlsx");
        Assert.Equal("format", (await badFormat.JsonAsync()).GetProperty("field").GetString());
        var badStatus = await host.As("alice").GetAsync($"/api/extraction/projects/{projectId}/tasks?status=done");
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
        Assert.Equal("status", (await badStatus.JsonAsync()).GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await host.As("alice").GetAsync($"/api/extraction/projects/{projectId}/tasks?assignedTo=bob")).StatusCode);
    }
}

using EvSysReview.TestSupport.Messaging;
using System.Net;
using EvSysReview.Contracts.Extraction;
using EvSysReview.Contracts.Ingestion;
using EvSysReview.Contracts.Screening;
using EvSysReview.ServiceDefaults.Security;
using EvSysReview.TestSupport;

namespace EvSysReview.Extraction.Tests;

/// <summary>A study withdrawn by a late exclusion and then included again gets its extraction back where it stood.</summary>
[Collection(ExtractionCollection.Name)]
public sealed class ReinclusionTests(ExtractionHost host)
{
    [Fact]
    public async Task A_finalised_study_included_again_is_reopened_and_its_next_finalisation_publishes_revision_2()
    {
        var projectId = await host.CreateProjectAsync("lead22", ("alice", ProjectRoles.Reviewer), ("bob", ProjectRoles.Reviewer), ("meth", ProjectRoles.Methodologist));
        var studyId = await host.IncludeStudyAsync(projectId, "lead22", "Weber T");
        // Two identical extractions need no consensus: the agreed entry is finalised as it is.
        await host.FinaliseAgreedAsync(projectId, studyId, "meth", "alice", "bob");
        var exclusion = new StudyWithdrawn { ProjectId = projectId, StudyId = studyId, Stage = "fullText", Reason = "retracted" };
        await host.PublishAsync(exclusion);
        await WaitForStatusAsync(projectId, studyId, "withdrawn");
        await Eventually.HoldsAsync(() => Task.FromResult(host.Observed.Where<ExtractionReopened>(e => e.StudyId == studyId).Count == 1), "the withdrawal was published");

        await host.PublishAsync(Inclusion(projectId, studyId, exclusion.OccurredAt.AddMinutes(5)));
        await WaitForStatusAsync(projectId, studyId, "reopened");

        var task = (await host.TaskAsync(projectId, studyId, "lead22"))!.Value;
        Assert.Equal((1, "included again"), (task.GetProperty("revision").GetInt32(), task.GetProperty("reason").GetString()));
        Assert.Equal(["alice", "bob"], task.GetProperty("extractors").EnumerateArray().Select(e => e.GetString()));
        var history = await (await host.As("lead22").GetAsync($"{ExtractionApi.Study(projectId, studyId)}/history")).JsonAsync();
        var reinstated = history.EnumerateArray().Single(r => r.GetProperty("action").GetString() == "reinstated");
        Assert.Equal(("withdrawn", "reopened"), (reinstated.GetProperty("changes")[0].GetProperty("oldValue").GetString(), reinstated.GetProperty("changes")[0].GetProperty("newValue").GetString()));

        // The consensus is still there: finalising again sends the data back to the synthesis as revision 2.
        var again = await host.As("meth").PostAsync(projectId, studyId, "finalize");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(2, (await again.JsonAsync()).GetProperty("revision").GetInt32());
        await Eventually.HoldsAsync(() => Task.FromResult(host.Observed.Where<ExtractionFinalized>(e => e.StudyId == studyId).Count == 2), "revision 2 was published");
        Assert.Equal([1, 2], host.Observed.Where<ExtractionFinalized>(e => e.StudyId == studyId).Select(e => e.Revision).Order());
        var csv = await (await host.As("lead22").GetAsync($"/api/extraction/projects/{projectId}/export")).Content.ReadAsStringAsync();
        Assert.Contains(studyId.ToString(), csv);

        // The old exclusion arriving again (a redelivery under a new id) is older than the inclusion: ignored.
        await host.PublishAsync(exclusion with { EventId = Guid.NewGuid() });
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal("finalised", (await host.TaskAsync(projectId, studyId, "lead22"))!.Value.GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_unfinished_study_included_again_resumes_with_the_entries_already_made()
    {
        var projectId = await host.CreateProjectAsync("lead23", ("alice", ProjectRoles.Reviewer), ("bob", ProjectRoles.Reviewer));
        var studyId = await host.IncludeStudyAsync(projectId, "lead23", "Berg H");
        Assert.Equal(HttpStatusCode.Created, (await host.As("alice").SaveEntryAsync(projectId, studyId, StudyEntries.Complete(studyId))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.As("alice").PostAsync(projectId, studyId, "submit")).StatusCode);
        var exclusion = new StudyWithdrawn { ProjectId = projectId, StudyId = studyId, Stage = "fullText", Reason = "no control group" };
        await host.PublishAsync(exclusion);
        await WaitForStatusAsync(projectId, studyId, "withdrawn");
        Assert.Equal(HttpStatusCode.Conflict, (await host.As("bob").SaveEntryAsync(projectId, studyId, StudyEntries.Complete(studyId))).StatusCode);

        await host.PublishAsync(Inclusion(projectId, studyId, exclusion.OccurredAt.AddMinutes(1)));
        await WaitForStatusAsync(projectId, studyId, "inProgress");

        var task = (await host.TaskAsync(projectId, studyId, "bob"))!.Value;
        Assert.Equal((1, true), (task.GetProperty("submitted").GetInt32(), task.GetProperty("openToMe").GetBoolean()));
        Assert.Equal(HttpStatusCode.Created, (await host.As("bob").SaveEntryAsync(projectId, studyId, StudyEntries.Complete(studyId))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.As("bob").PostAsync(projectId, studyId, "submit")).StatusCode);
        Assert.Equal("allSubmitted", (await host.TaskAsync(projectId, studyId, "bob"))!.Value.GetProperty("status").GetString());
        Assert.Empty(host.Observed.Where<ExtractionReopened>(e => e.StudyId == studyId));
    }

    private static StudyIncluded Inclusion(Guid projectId, Guid studyId, DateTimeOffset at) => new()
    {
        ProjectId = projectId,
        StudyId = studyId,
        OccurredAt = at,
        Citation = new CitationData { Title = "MSC exosomes rescue memory in APP/PS1 mice", Authors = ["Again A"], Year = 2021 },
    };

    private Task WaitForStatusAsync(Guid projectId, Guid studyId, string status) =>
        Eventually.HoldsAsync(async () => (await host.TaskAsync(projectId, studyId, "alice"))?.GetProperty("status").GetString() == status, $"the task is {status}");
}

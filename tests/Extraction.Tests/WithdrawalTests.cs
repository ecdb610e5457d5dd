using EvSysReview.TestSupport.Messaging;
using System.Net;
using EvSysReview.Contracts.Extraction;
using EvSysReview.Contracts.Ingestion;
using EvSysReview.Contracts.Screening;
using EvSysReview.ServiceDefaults.Security;
using EvSysReview.ServiceDefaults.Storage;
using EvSysReview.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace EvSysReview.Extraction.Tests;

/// <summary>A study excluded after the fact (a retraction) withdraws its extraction.</summary>
[Collection(ExtractionCollection.Name)]
public sealed class WithdrawalTests(ExtractionHost host)
{
    [Fact]
    public async Task Excluding_a_finalised_study_withdraws_it_publishes_ExtractionReopened_withdrawn_and_empties_the_export()
    {
        var projectId = await host.CreateProjectAsync("lead11", ("alice", ProjectRoles.Reviewer), ("bob", ProjectRoles.Reviewer), ("meth", ProjectRoles.Methodologist));
        var studyId = await host.IncludeStudyAsync(projectId, "lead11", "Novak P");
        // Two identical extractions need no consensus: the agreed entry is finalised as it is.
        await host.FinaliseAgreedAsync(projectId, studyId, "meth", "alice", "bob");
        await Eventually.HoldsAsync(() => Task.FromResult(host.Observed.Where<ExtractionFinalized>(e => e.StudyId == studyId).Count == 1), "the study was finalised");

        var exclusion = new StudyWithdrawn { ProjectId = projectId, StudyId = studyId, Stage = "fullText", Reason = "retracted" };
        await host.PublishAsync(exclusion);
        await host.PublishAsync(exclusion);

        await Eventually.HoldsAsync(async () => (await host.TaskAsync(projectId, studyId, "lead11"))!.Value.GetProperty("status").GetString() == "withdrawn", "the task was withdrawn");
        await Eventually.HoldsAsync(() => Task.FromResult(host.Observed.Where<ExtractionReopened>(e => e.StudyId == studyId).Count == 1), "ExtractionReopened was published");
        await Task.Delay(TimeSpan.FromSeconds(1));
        var withdrawn = Assert.Single(host.Observed.Where<ExtractionReopened>(e => e.StudyId == studyId));
        Assert.Equal((1, "retracted", true), (withdrawn.Revision, withdrawn.Reason, withdrawn.Withdrawn));
        var task = (await host.TaskAsync(projectId, studyId, "lead11"))!.Value;
        Assert.Equal("retracted", task.GetProperty("reason").GetString());
        var csv = await (await host.As("lead11").GetAsync($"/api/extraction/projects/{projectId}/export")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(studyId.ToString(), csv);
        Assert.Equal(HttpStatusCode.Conflict, (await host.As("meth").PostAsync(projectId, studyId, "reopen", new { reason = "try" })).StatusCode);
        var alicesEtag = (await host.As("alice").GetAsync($"{ExtractionApi.Study(projectId, studyId)}/entries/me")).Headers.ETag!.Tag;
        Assert.Equal(HttpStatusCode.Conflict, (await host.As("alice").SaveEntryAsync(projectId, studyId, StudyEntries.Complete(studyId), alicesEtag)).StatusCode);
    }

    [Fact]
    public async Task An_unfinished_task_is_withdrawn_silently_and_a_withdrawal_overtaking_the_inclusion_keeps_it_withdrawn()
    {
        var projectId = await host.CreateProjectAsync("lead12", ("alice", ProjectRoles.Reviewer));
        var studyId = await host.IncludeStudyAsync(projectId, "lead12", "Rossi L");
        await host.PublishAsync(new StudyWithdrawn { ProjectId = projectId, StudyId = studyId, Stage = "fullText", Reason = "no control group" });
        await Eventually.HoldsAsync(async () => (await host.TaskAsync(projectId, studyId, "lead12"))!.Value.GetProperty("status").GetString() == "withdrawn", "the task was withdrawn");

        var late = Guid.NewGuid();
        var overtaking = new StudyWithdrawn { ProjectId = projectId, StudyId = late, Stage = "fullText", Reason = "retracted" };
        await host.PublishAsync(overtaking);
        await Eventually.HoldsAsync(async () => (await host.TaskAsync(projectId, late, "lead12")) is not null, "the early withdrawal was recorded");
        // The inclusion happened before the exclusion (OccurredAt) but arrives after it.
        await host.PublishAsync(new StudyIncluded { ProjectId = projectId, StudyId = late, OccurredAt = overtaking.OccurredAt.AddSeconds(-30), Citation = new CitationData { Title = "late", Authors = ["Late B"], Year = 2020 } });
        await Eventually.HoldsAsync(async () => (await host.TaskAsync(projectId, late, "lead12"))!.Value.GetProperty("studyLabel").GetString() == "Late 2020", "the late inclusion labelled the study");
        Assert.Equal("withdrawn", (await host.TaskAsync(projectId, late, "lead12"))!.Value.GetProperty("status").GetString());

        Assert.Empty(host.Observed.Where<ExtractionReopened>(e => e.StudyId == studyId));
    }

    [Fact]
    public async Task Late_inclusions_older_than_the_last_withdrawal_leave_the_task_withdrawn()
    {
        // Included t1, withdrawn t2, included t3, withdrawn t4: the study ends excluded. Inclusions and
        // withdrawals travel on different queues, so they arrive as W2, W4, I1, I3.
        var projectId = await host.CreateProjectAsync("lead13", ("alice", ProjectRoles.Reviewer));
        var studyId = Guid.NewGuid();
        var t1 = DateTimeOffset.UtcNow.AddMinutes(-10);
        StudyWithdrawn Withdrawal(DateTimeOffset at) => new() { ProjectId = projectId, StudyId = studyId, Stage = "fullText", Reason = $"withdrawn at {at:O}", OccurredAt = at };
        StudyIncluded Inclusion(DateTimeOffset at) => new() { ProjectId = projectId, StudyId = studyId, OccurredAt = at, Citation = new CitationData { Title = "late", Authors = ["Late C"], Year = 2019 } };

        await ApplyAsync(Withdrawal(t1.AddMinutes(1)), "StudyWithdrawnConsumer");
        await ApplyAsync(Withdrawal(t1.AddMinutes(3)), "StudyWithdrawnConsumer");
        await ApplyAsync(Inclusion(t1), "StudyIncludedConsumer");
        await ApplyAsync(Inclusion(t1.AddMinutes(2)), "StudyIncludedConsumer");

        var task = (await host.TaskAsync(projectId, studyId, "lead13"))!.Value;
        Assert.Equal(("withdrawn", "Late 2019"), (task.GetProperty("status").GetString(), task.GetProperty("studyLabel").GetString()));
        var history = await (await host.As("lead13").GetAsync($"{ExtractionApi.Study(projectId, studyId)}/history")).JsonAsync();
        Assert.DoesNotContain(history.EnumerateArray(), r => r.GetProperty("action").GetString() == "reinstated");
    }

    /// <summary>Publishes <paramref name="message"/> and waits until the named extraction consumer has committed it.</summary>
    private async Task ApplyAsync<T>(T message, string consumer)
        where T : EvSysReview.Contracts.IntegrationEvent
    {
        await host.PublishAsync(message);
        var store = host.Host.Services.GetRequiredService<ModuleStore<ExtractionModule>>();
        await Eventually.HoldsAsync(() => store.IsAppliedAsync($"{ExtractionModule.Name}:{consumer}", message.EventId), $"{consumer} applied {message.EventId}");
    }
}

using System.Security.Claims;
using EvSysReview.Contracts.Extraction;
using EvSysReview.Extraction.Consensus;
using EvSysReview.Extraction.Core.Comparison;
using EvSysReview.Extraction.Core.Forms;
using EvSysReview.Extraction.Core.Lifecycle;
using EvSysReview.Extraction.Core.Outcomes;
using EvSysReview.Extraction.Entries;
using EvSysReview.Extraction.History;
using EvSysReview.Extraction.Http;
using EvSysReview.Extraction.Tasks;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Security;
using EvSysReview.ServiceDefaults.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EvSysReview.Extraction.Finalisation;

/// <summary>Finalising publishes ExtractionFinalized (revision n); reopening a finalised study publishes ExtractionReopened.</summary>
public static class FinalisationEndpoints
{
    public sealed record ReopenRequest(string? Reason);

    public sealed record FinalisedView(Guid StudyId, int Revision, string StudyLabel, FinalizedExtraction Extraction);

    public static RouteGroupBuilder MapFinalisation(this RouteGroupBuilder group)
    {
        group.MapPost("/projects/{projectId:guid}/studies/{studyId:guid}/finalize", FinalizeAsync).RequireProjectRole<ExtractionModule, RouteHandlerBuilder>(ConsensusEndpoints.AdjudicatorRoles);
        group.MapPost("/projects/{projectId:guid}/studies/{studyId:guid}/reopen", ReopenAsync).RequireProjectRole<ExtractionModule, RouteHandlerBuilder>(ConsensusEndpoints.AdjudicatorRoles);
        return group;
    }

    private static async Task<IResult> FinalizeAsync(Guid projectId, Guid studyId, ClaimsPrincipal user, ExtractionRepository repository, HttpContext http, CancellationToken cancellationToken)
    {
        var username = user.Username()!;
        if (await repository.TaskAsync(projectId, studyId, cancellationToken) is not { } stored) return EntryEndpoints.StudyNotFound(studyId);
        var task = stored.Value;
        var (begun, refusal) = ConsensusEndpoints.BeginIfSubmitted(task, username);
        if (refusal is not null) return refusal;
        var finalise = ExtractionLifecycle.Apply(begun.Lifecycle, new FinaliseExtraction(username));
        if (!finalise.IsAllowed) return Problems.Conflict(finalise.Refusal!, "studyId");

        var existing = await repository.ConsensusAsync(projectId, studyId, cancellationToken);
        if (EntityTags.IfMatchFails(http, existing?.Version))
            return Problems.PreconditionFailed("The consensus changed since you read it; review it again before finalising.");
        var (consensus, missing) = existing is null ? await AgreedEntryAsync(repository, begun, cancellationToken) : (existing.Value, null);
        if (missing is not null || consensus is null) return missing!;

        var form = await repository.FormOfAsync(projectId, consensus, cancellationToken);
        FinalizedExtraction extraction;
        try
        {
            extraction = FinalizedExtractionBuilder.Build(form, consensus, task.StudyLabel);
        }
        catch (InvalidExtractionEntryException invalid)
        {
            return EntryProblems.Invalid(invalid.Errors);
        }

        var now = DateTimeOffset.UtcNow;
        var finalised = begun with { Lifecycle = finalise.Task };
        var revision = finalised.Lifecycle.TimesFinalised;
        var work = new UnitOfWork();
        ExtractionRepository.PutTask(work, finalised, stored.Version);
        // Written (unchanged when it exists) so a consensus edit racing the finalisation fails instead of going unpublished.
        ExtractionRepository.PutConsensus(work, projectId, studyId, consensus, existing?.Version ?? 0);
        work.Put(FinalisedStudy.Collection, StudyTask.Key(projectId, studyId), projectId.ToString("N"), new FinalisedStudy(studyId, revision, extraction, username, now), null);
        if (!ReferenceEquals(begun, task)) TaskHistory.Add(work, projectId, TaskHistory.Step(task, begun, "consensusBegun", username, now));
        TaskHistory.Add(work, projectId, TaskHistory.Step(begun, finalised, "finalised", username, now));
        work.Publish(ExtractionFinalizedMapping.ToEvent(finalised, extraction, revision, http.CorrelationId()));
        await repository.CommitAsync(work, cancellationToken);
        return TypedResults.Json(new FinalisedView(studyId, revision, extraction.StudyLabel, extraction), ExtractionJson.Options);
    }

    /// <summary>
    /// Without a recorded consensus the extraction itself is final: the one entry in
    /// single-with-verification mode (verified as it is), or the first entry when two agree on everything.
    /// </summary>
    private static async Task<(ExtractionEntry? Entry, IResult? Problem)> AgreedEntryAsync(ExtractionRepository repository, StudyTask task, CancellationToken cancellationToken)
    {
        var (first, second) = await ComparisonEndpoints.ExtractorEntriesAsync(repository, task, cancellationToken);
        if (first is null) return (null, Problems.Conflict("There is no entry to finalise.", "consensus"));
        if (task.Lifecycle.Mode == ExtractionMode.DualIndependent)
        {
            var differences = second is null ? 1 : DualExtractionComparer.Compare(first.Value, second.Value).Count;
            if (differences > 0)
                return (null, Problems.Conflict($"The extractions differ in {differences} place(s); record the consensus (PUT .../consensus) before finalising.", "consensus"));
        }

        return (first.Value with { ExtractorId = null }, null);
    }

    private static async Task<IResult> ReopenAsync(Guid projectId, Guid studyId, ReopenRequest request, ClaimsPrincipal user, ExtractionRepository repository, HttpContext http, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Reason)) return Problems.Validation("reason", "Say why the extraction is reopened; the reason is kept in its history and sent to the synthesis.");
        if (request.Reason.Length > 2000) return Problems.Validation("reason", "At most 2000 characters.");
        var username = user.Username()!;
        if (await repository.TaskAsync(projectId, studyId, cancellationToken) is not { } stored) return EntryEndpoints.StudyNotFound(studyId);
        var task = stored.Value;
        // The caller decided on the finalised consensus they read (its ETag); every finalisation
        // writes the consensus, so a correction finalised since then makes their reopen stale.
        var consensus = await repository.ConsensusAsync(projectId, studyId, cancellationToken);
        if (EntityTags.IfMatchFails(http, consensus?.Version))
            return Problems.PreconditionFailed($"The consensus changed since you read it (now {(consensus is null ? "none" : EntityTags.Of(consensus.Version))}); review it again before reopening.");
        var reason = request.Reason.Trim();
        var reopen = ExtractionLifecycle.Apply(task.Lifecycle, new ReopenExtraction(username, reason));
        if (!reopen.IsAllowed) return Problems.Conflict(reopen.Refusal!, "studyId");

        var reopened = task with { Lifecycle = reopen.Task };
        var work = new UnitOfWork();
        ExtractionRepository.PutTask(work, reopened, stored.Version);
        work.Delete(FinalisedStudy.Collection, StudyTask.Key(projectId, studyId), projectId.ToString("N"), null);
        TaskHistory.Add(work, projectId, TaskHistory.Step(task, reopened, "reopened", username, DateTimeOffset.UtcNow, reason));
        work.Publish(new ExtractionReopened
        {
            ProjectId = projectId,
            StudyId = studyId,
            Revision = task.Lifecycle.TimesFinalised,
            Reason = reason,
            CorrelationId = http.CorrelationId(),
        });
        await repository.CommitAsync(work, cancellationToken);
        return TypedResults.Json(TaskView.Of(reopened, username), ExtractionJson.Options);
    }
}

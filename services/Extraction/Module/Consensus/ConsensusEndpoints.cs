using System.Security.Claims;
using EvSysReview.Extraction.Core.Audit;
using EvSysReview.Extraction.Core.Forms;
using EvSysReview.Extraction.Core.Lifecycle;
using EvSysReview.Extraction.Core.Validation;
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

namespace EvSysReview.Extraction.Consensus;

/// <summary>The consensus (or verified) entry: recorded by a methodologist or lead once every extraction is submitted.</summary>
public static class ConsensusEndpoints
{
    public static readonly string[] AdjudicatorRoles = [ProjectRoles.Methodologist];

    public static RouteGroupBuilder MapConsensus(this RouteGroupBuilder group)
    {
        group.MapGet("/projects/{projectId:guid}/studies/{studyId:guid}/consensus", GetAsync).RequireProjectRole<ExtractionModule, RouteHandlerBuilder>(ComparisonEndpoints.ReaderRoles);
        group.MapPut("/projects/{projectId:guid}/studies/{studyId:guid}/consensus", PutAsync).RequireProjectRole<ExtractionModule, RouteHandlerBuilder>(AdjudicatorRoles);
        return group;
    }

    private static async Task<IResult> GetAsync(Guid projectId, Guid studyId, ExtractionRepository repository, HttpContext http, CancellationToken cancellationToken)
    {
        if (await repository.TaskAsync(projectId, studyId, cancellationToken) is not { Value: var task }) return EntryEndpoints.StudyNotFound(studyId);
        if (await repository.ConsensusAsync(projectId, studyId, cancellationToken) is not { } consensus)
            return Problems.NotFound("consensus", "No consensus has been recorded for this study yet.");
        EntityTags.Set(http, consensus.Version);
        return TypedResults.Json(await EntryView.OfAsync(repository, projectId, consensus.Value, task, false, cancellationToken), ExtractionJson.Options);
    }

    private static async Task<IResult> PutAsync(Guid projectId, Guid studyId, ConsensusRequest request, ClaimsPrincipal user, ExtractionRepository repository, HttpContext http, CancellationToken cancellationToken)
    {
        var username = user.Username()!;
        if (await repository.TaskAsync(projectId, studyId, cancellationToken) is not { } stored) return EntryEndpoints.StudyNotFound(studyId);
        var existing = await repository.ConsensusAsync(projectId, studyId, cancellationToken);
        if (EntityTags.IfMatchFails(http, existing?.Version))
            return Problems.PreconditionFailed($"The consensus changed since you read it (now {(existing is null ? "none" : EntityTags.Of(existing.Version))}); reload it and apply your choices again.");

        var task = stored.Value;
        var (begun, refusal) = BeginIfSubmitted(task, username);
        if (refusal is not null) return refusal;

        var (baseEntry, other, baseProblem) = await BaseAsync(request.Base, existing, begun, repository, cancellationToken);
        if (baseProblem is not null) return baseProblem;
        var (consensus, errors) = ConsensusResolution.Apply(baseEntry!, other, request.Choices ?? []);
        if (errors.Count > 0) return EntryProblems.Invalid(errors);
        var form = await repository.FormOfAsync(projectId, consensus, cancellationToken);
        if (ExtractionEntryValidator.Validate(form, consensus, ValidationStage.Draft) is { Count: > 0 } invalid) return EntryProblems.Invalid(invalid);

        var now = DateTimeOffset.UtcNow;
        var audit = EntryAuditDiff.Compute(existing?.Value, consensus, username, now);
        var work = new UnitOfWork();
        if (!ReferenceEquals(begun, task))
        {
            ExtractionRepository.PutTask(work, begun, stored.Version);
            TaskHistory.Add(work, projectId, TaskHistory.Step(task, begun, "consensusBegun", username, now));
        }

        if (existing is null || !audit.IsEmpty)
        {
            ExtractionRepository.PutConsensus(work, projectId, studyId, consensus, existing?.Version ?? 0);
            TaskHistory.Add(work, projectId, HistoryRecord.FromAudit(studyId, HistoryRecord.ConsensusSubject, "consensusSaved", audit));
        }

        if (!work.IsEmpty) await repository.CommitAsync(work, cancellationToken);
        EntityTags.Set(http, existing is null ? 1 : work.IsEmpty ? existing.Version : existing.Version + 1);
        return TypedResults.Json(await EntryView.OfAsync(repository, projectId, consensus, begun, false, cancellationToken), ExtractionJson.Options);
    }

    /// <summary>
    /// The task once consensus may be edited: a task whose extractions are all submitted moves to
    /// consensus on the first consensus write (or finalisation); other states refuse with 409.
    /// </summary>
    public static (StudyTask Task, IResult? Refusal) BeginIfSubmitted(StudyTask task, string username)
    {
        if (task.Status == ExtractionStatus.AllSubmitted)
        {
            var begin = ExtractionLifecycle.Apply(task.Lifecycle, new BeginConsensus(username));
            return begin.IsAllowed ? (task with { Lifecycle = begin.Task }, null) : (task, Problems.Conflict(begin.Refusal!, "studyId"));
        }

        if (task.IsBlinded) return (task, ComparisonEndpoints.BlindedConflict(task));
        if (!ExtractionLifecycle.CanEditConsensus(task.Lifecycle))
            return (task, Problems.Conflict($"The consensus cannot be changed when the task is {TaskHistory.Name(task.Status)}{(task.Status == ExtractionStatus.Finalised ? "; reopen it first" : "")}.", "studyId"));

        // Beginning consensus and finalising refuse the extractor; editing the entry under
        // verification must too, or the extractor could change it after the verifier began.
        return ExtractionLifecycle.IsOwnExtractionToVerify(task.Lifecycle, username)
            ? (task, Problems.Conflict(ExtractionLifecycle.OwnVerificationRefusal, "studyId"))
            : (task, null);
    }

    private static async Task<(Core.Outcomes.ExtractionEntry? Base, Core.Outcomes.ExtractionEntry? Other, IResult? Problem)> BaseAsync(
        string? requested, Versioned<Core.Outcomes.ExtractionEntry>? existing, StudyTask task, ExtractionRepository repository, CancellationToken cancellationToken)
    {
        var name = string.IsNullOrWhiteSpace(requested) ? existing is null ? task.Extractors[0] : ConsensusRequest.CurrentConsensus : requested;
        if (name == ConsensusRequest.CurrentConsensus)
        {
            return existing is null
                ? (null, null, Problems.Validation("base", "No consensus has been recorded yet; start from an extractor's entry."))
                : (existing.Value, null, null);
        }

        if (!task.Extractors.Contains(name))
            return (null, null, Problems.Validation("base", $"'{name}' is not an extractor of this study; use one of: {string.Join(", ", task.Extractors.Append(ConsensusRequest.CurrentConsensus))}."));
        var (first, second) = await ComparisonEndpoints.ExtractorEntriesAsync(repository, task, cancellationToken);
        var mine = first?.Value.ExtractorId == name ? first : second;
        var other = ReferenceEquals(mine, first) ? second : first;
        return (mine?.Value, other?.Value, mine is null ? Problems.Conflict($"{name} has no entry.", "base") : null);
    }
}

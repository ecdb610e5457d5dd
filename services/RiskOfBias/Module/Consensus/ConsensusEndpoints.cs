using System.Security.Claims;
using EvSysReview.RiskOfBias.Assessments;
using EvSysReview.RiskOfBias.Core;
using EvSysReview.RiskOfBias.Core.Consensus;
using EvSysReview.RiskOfBias.Core.Tools;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EvSysReview.RiskOfBias.Consensus;

/// <summary>Comparison (after the blinded phase), consensus decisions, finalising and reopening.</summary>
public static class ConsensusEndpoints
{
    public sealed record ReopenRequest(string? Reason);

    public static RouteGroupBuilder MapConsensus(this RouteGroupBuilder group)
    {
        group.MapGet("/projects/{projectId:guid}/studies/{studyId:guid}/comparison", CompareAsync).RequireProjectRole<RiskOfBiasModule, RouteHandlerBuilder>(ProjectRoles.All);
        group.MapPut("/projects/{projectId:guid}/studies/{studyId:guid}/consensus", RecordAsync).RequireProjectRole<RiskOfBiasModule, RouteHandlerBuilder>(ProjectRoles.Methodologist);
        group.MapPost("/projects/{projectId:guid}/studies/{studyId:guid}/finalize", FinaliseAsync).RequireProjectRole<RiskOfBiasModule, RouteHandlerBuilder>(ProjectRoles.Methodologist);
        group.MapPost("/projects/{projectId:guid}/studies/{studyId:guid}/reopen", ReopenAsync).RequireProjectRole<RiskOfBiasModule, RouteHandlerBuilder>(ProjectRoles.Methodologist);
        return group;
    }

    private static async Task<IResult> CompareAsync(Guid projectId, Guid studyId, AssessmentRepository tasks, HttpContext http, CancellationToken cancellationToken)
    {
        if (await tasks.FindAsync(projectId, studyId, cancellationToken) is not { } found) return Problems.NotFound("studyId", $"No included study {studyId} in this project.");
        var task = found.Task;
        if (task.Withdrawn) return Problems.Conflict($"The study was excluded ({task.WithdrawnReason}); its risk-of-bias task is withdrawn.", "state");
        if (task.IsBlinded)
            return Problems.Conflict($"The comparison is shown once both assessors have submitted (assessors so far: {Describe(task)}).", "state");
        http.Response.Headers.ETag = Http.StudyETag(found.Version);
        return TypedResults.Ok(Comparison(task));
    }

    private static async Task<IResult> RecordAsync(Guid projectId, Guid studyId, ConsensusRequest request, AssessmentRepository tasks, HttpContext http, CancellationToken cancellationToken)
    {
        var (refusal, saved, version) = await tasks.ChangeAsync(projectId, studyId, (task, version) =>
        {
            if (EntityTags.IfMatchFails(http, Http.StudyETag(version)))
                return Decision.Refuse(Problems.PreconditionFailed($"The assessment changed (now {Http.StudyETag(version)}); reload the comparison and record your decisions again."));
            var errors = new Dictionary<string, string[]>();
            var next = task.RecordConsensus((dual, tool) => Apply(dual, tool, request, errors));
            return errors.Count > 0 ? Decision.Refuse(Problems.Validation(errors)) : Decision.Save(next);
        }, cancellationToken);
        if (refusal is not null) return refusal;
        http.Response.Headers.ETag = Http.StudyETag(version);
        return TypedResults.Ok(Comparison(saved!));
    }

    private static async Task<IResult> FinaliseAsync(Guid projectId, Guid studyId, ClaimsPrincipal user, AssessmentRepository tasks, HttpContext http, CancellationToken cancellationToken)
    {
        var correlation = http.CorrelationId();
        var (refusal, saved, version) = await tasks.ChangeAsync(projectId, studyId, (task, version) =>
        {
            if (EntityTags.IfMatchFails(http, Http.StudyETag(version)))
                return Decision.Refuse(Problems.PreconditionFailed($"The assessment changed (now {Http.StudyETag(version)}); reload it before finalising."));
            var (next, assessed) = task.Finalise(correlation);
            return Decision.Save(next, assessed);
        }, cancellationToken);
        if (refusal is not null) return refusal;
        http.Response.Headers.ETag = Http.StudyETag(version);
        return TypedResults.Ok(StudyView.For(saved!, user.Username()!));
    }

    private static async Task<IResult> ReopenAsync(Guid projectId, Guid studyId, ReopenRequest request, ClaimsPrincipal user, AssessmentRepository tasks, HttpContext http, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Reason)) return Problems.Validation("reason", "Say why the assessment is reopened; the reason is kept with it.");
        if (request.Reason.Length > AssessmentRequest.MaxText) return Problems.Validation("reason", $"At most {AssessmentRequest.MaxText} characters.");
        var correlation = http.CorrelationId();
        var (refusal, saved, version) = await tasks.ChangeAsync(projectId, studyId, (task, version) =>
        {
            if (EntityTags.IfMatchFails(http, Http.StudyETag(version)))
                return Decision.Refuse(Problems.PreconditionFailed($"The assessment changed (now {Http.StudyETag(version)}); reload it before reopening."));
            var (next, reopened) = task.Reopen(request.Reason, correlation);
            return Decision.Save(next, reopened);
        }, cancellationToken);
        if (refusal is not null) return refusal;
        http.Response.Headers.ETag = Http.StudyETag(version);
        return TypedResults.Ok(StudyView.For(saved!, user.Username()!));
    }

    /// <summary>Applies every decision; problems are collected per field and nothing is kept if there is one.</summary>
    private static DualAssessment Apply(DualAssessment dual, RiskOfBiasTool tool, ConsensusRequest request, Dictionary<string, string[]> errors)
    {
        if ((request.Answers?.Count ?? 0) + (request.Judgements?.Count ?? 0) + (request.Overall is null ? 0 : 1) == 0)
        {
            errors["body"] = ["Name at least one decision: answers, judgements or overall, each with a reason."];
            return dual;
        }

        void Try(string field, string? reason, Func<DualAssessment> record)
        {
            if (reason is { Length: > AssessmentRequest.MaxText }) { errors[field] = [$"The reason may have at most {AssessmentRequest.MaxText} characters."]; return; }
            try
            {
                dual = record();
            }
            catch (AssessmentRuleViolation violation) when (violation.Field != "state")
            {
                errors[field] = [violation.Reason];
            }
        }

        foreach (var (questionId, input) in request.Answers ?? [])
            Try($"answers.{questionId}", input?.Reason, () => dual.RecordConsensusAnswer(tool, questionId, input?.Answer ?? "", input?.Reason ?? "", input?.Quote));
        foreach (var (domainId, input) in request.Judgements ?? [])
            Try($"judgements.{domainId}", input?.Reason, () => dual.RecordConsensusJudgement(tool, domainId, input?.Judgement ?? "", input?.Reason ?? ""));
        if (request.Overall is { } overall)
            Try("overall", overall.Reason, () => dual.RecordConsensusOverall(tool, overall.Judgement ?? "", overall.Reason ?? ""));
        return dual;
    }

    private static object Comparison(StudyAssessment task)
    {
        var tool = task.Tool;
        var differences = StudyView.DifferencesOf(task, tool);
        return new
        {
            studyId = task.StudyId,
            study = task.StudyLabel,
            tool = tool.Id,
            state = task.State,
            assessors = task.Assessors,
            sheets = StudyView.SheetsOf(task, tool),
            differences,
            unresolved = differences.Count(d => !d.Resolved),
            consensus = StudyView.ConsensusOf(task, tool),
            reopenReasons = task.Dual!.ReopenReasons,
        };
    }

    private static string Describe(StudyAssessment task) =>
        task.Assessors.Count == 0 ? "none" : string.Join(", ", task.Assessors.Select(a => task.SubmittedBy(a) ? $"{a} (submitted)" : $"{a} (not submitted)"));
}

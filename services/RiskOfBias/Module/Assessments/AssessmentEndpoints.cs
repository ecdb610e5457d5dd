using System.Security.Claims;
using EvSysReview.RiskOfBias.Core;
using EvSysReview.RiskOfBias.Core.Assessments;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EvSysReview.RiskOfBias.Assessments;

/// <summary>Tasks, the caller's own assessment (blinded), submitting it, and a study's state.</summary>
public static class AssessmentEndpoints
{
    /// <summary>Who may assess. Reviewers may: the protocol asks for two assessors, and a team rarely has two methodologists.</summary>
    public static readonly string[] Assessors = [ProjectRoles.Methodologist, ProjectRoles.Reviewer];

    public static RouteGroupBuilder MapAssessments(this RouteGroupBuilder group)
    {
        group.MapGet("/projects/{projectId:guid}/tasks", ListTasksAsync).RequireProjectRole<RiskOfBiasModule, RouteHandlerBuilder>(ProjectRoles.All);
        group.MapGet("/projects/{projectId:guid}/studies/{studyId:guid}", GetStudyAsync).RequireProjectRole<RiskOfBiasModule, RouteHandlerBuilder>(ProjectRoles.All);
        group.MapGet("/projects/{projectId:guid}/studies/{studyId:guid}/assessments/me", GetOwnAsync).RequireProjectRole<RiskOfBiasModule, RouteHandlerBuilder>(Assessors);
        group.MapPut("/projects/{projectId:guid}/studies/{studyId:guid}/assessments/me", PutOwnAsync).RequireProjectRole<RiskOfBiasModule, RouteHandlerBuilder>(Assessors);
        group.MapPost("/projects/{projectId:guid}/studies/{studyId:guid}/submit", SubmitAsync).RequireProjectRole<RiskOfBiasModule, RouteHandlerBuilder>(Assessors);
        return group;
    }

    private static async Task<IResult> ListTasksAsync(Guid projectId, string? assignedTo, ClaimsPrincipal user, AssessmentRepository tasks, ProjectAccess<RiskOfBiasModule> access, CancellationToken cancellationToken)
    {
        var caller = user.Username()!;
        var all = (await tasks.ListAsync(projectId, cancellationToken)).Where(t => !t.Withdrawn);
        if (assignedTo is not null)
        {
            if (assignedTo != "me") return Problems.Validation("assignedTo", "Only assignedTo=me is supported.");
            var membership = await access.FindAsync(projectId, user, cancellationToken);
            var mayAssess = membership?.Role is { } role && (role == ProjectRoles.Lead || Assessors.Contains(role));
            // Assigned to me, or still short of an assessor and I could become one (the first two who save are the assessors).
            all = all.Where(t => t.IsAssessor(caller) || (mayAssess && t.NeedsAssessor && t.ToolId is not null));
        }

        return TypedResults.Ok(all.OrderBy(t => t.StudyLabel, StringComparer.OrdinalIgnoreCase).Select(t => TaskView.From(t, caller)).ToList());
    }

    private static async Task<IResult> GetStudyAsync(Guid projectId, Guid studyId, ClaimsPrincipal user, AssessmentRepository tasks, HttpContext http, CancellationToken cancellationToken)
    {
        if (await tasks.FindAsync(projectId, studyId, cancellationToken) is not { } found) return Problems.NotFound("studyId", $"No included study {studyId} in this project.");
        http.Response.Headers.ETag = Http.StudyETag(found.Version);
        return TypedResults.Ok(StudyView.For(found.Task, user.Username()!));
    }

    private static async Task<IResult> GetOwnAsync(Guid projectId, Guid studyId, ClaimsPrincipal user, AssessmentRepository tasks, HttpContext http, CancellationToken cancellationToken)
    {
        if (await tasks.FindAsync(projectId, studyId, cancellationToken) is not { } found) return Problems.NotFound("studyId", $"No included study {studyId} in this project.");
        var caller = user.Username()!;
        var task = found.Task;
        http.Response.Headers.ETag = Http.SheetETag(task.SheetVersion(caller));
        return TypedResults.Ok(OwnView(task, caller));
    }

    private static async Task<IResult> PutOwnAsync(Guid projectId, Guid studyId, AssessmentRequest request, ClaimsPrincipal user, AssessmentRepository tasks, HttpContext http, CancellationToken cancellationToken)
    {
        var caller = user.Username()!;
        var (refusal, saved, _) = await tasks.ChangeAsync(projectId, studyId, (task, _) =>
        {
            if (EntityTags.IfMatchFails(http, Http.SheetETag(task.SheetVersion(caller))))
                return Decision.Refuse(Problems.PreconditionFailed($"Your assessment changed since you loaded it (now {Http.SheetETag(task.SheetVersion(caller))}); reload it and apply your changes again."));
            var tool = task.Tool;
            if (request.Tool is { Length: > 0 } named && !string.Equals(named, tool.Id, StringComparison.OrdinalIgnoreCase))
                return Decision.Refuse(Problems.Validation("tool", $"This study is assessed with '{tool.Id}' (the protocol's tool for '{task.StudyDesign}' studies), not '{named}'."));
            var (sheet, errors) = request.ToSheet(tool);
            if (sheet is null) return Decision.Refuse(Problems.Validation(errors.ToDictionary(e => e.Key, e => e.Value)));
            return Decision.Save(task.SaveSheet(caller, sheet));
        }, cancellationToken);
        if (refusal is not null) return refusal;
        http.Response.Headers.ETag = Http.SheetETag(saved!.SheetVersion(caller));
        return TypedResults.Ok(OwnView(saved, caller));
    }

    private static async Task<IResult> SubmitAsync(Guid projectId, Guid studyId, ClaimsPrincipal user, AssessmentRepository tasks, HttpContext http, CancellationToken cancellationToken)
    {
        var caller = user.Username()!;
        var (refusal, saved, version) = await tasks.ChangeAsync(projectId, studyId, (task, _) =>
            EntityTags.IfMatchFails(http, Http.SheetETag(task.SheetVersion(caller)))
                ? Decision.Refuse(Problems.PreconditionFailed($"Your assessment changed since you loaded it (now {Http.SheetETag(task.SheetVersion(caller))}); review it before submitting."))
                : Decision.Save(task.Submit(caller)), cancellationToken);
        if (refusal is not null) return refusal;
        http.Response.Headers.ETag = Http.StudyETag(version);
        return TypedResults.Ok(StudyView.For(saved!, caller));
    }

    /// <summary>GET/PUT assessments/me: the caller's sheet (empty before their first save) and what the tool makes of it.</summary>
    private static object OwnView(StudyAssessment task, string caller)
    {
        var tool = task.ToolId is null ? null : task.Tool;
        var sheet = tool is null ? null : task.ReadingOf(caller) ?? SheetReading.Of(tool, AnswerSheet.Empty(tool), underEarlierRule: false);
        return new
        {
            studyId = task.StudyId,
            study = task.StudyLabel,
            tool = task.ToolId,
            toolProblem = task.ToolProblem,
            state = task.State,
            assessor = task.IsAssessor(caller),
            submitted = task.SubmittedBy(caller),
            sheet = sheet is null ? null : SheetView.From(sheet.Sheet),
            evaluation = sheet is null ? null : EvaluationView.From(tool!, sheet),
        };
    }
}

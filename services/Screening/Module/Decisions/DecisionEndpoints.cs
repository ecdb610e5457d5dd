using System.Security.Claims;
using EvSysReview.Screening.Core.Decisions;
using EvSysReview.Screening.Http;
using EvSysReview.Screening.Items;
using EvSysReview.Screening.Queue;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EvSysReview.Screening.Decisions;

/// <summary>
/// A reviewer's own decision on an item: record or change it until the item is final, or withdraw
/// it (the web UI's undo). Methodologists may screen too (small teams need them to); observers may not.
/// </summary>
public static class DecisionEndpoints
{
    public static readonly string[] DeciderRoles = [ProjectRoles.Reviewer, ProjectRoles.Methodologist];

    public static RouteGroupBuilder MapDecisions(this RouteGroupBuilder group)
    {
        group.MapPost("/projects/{projectId:guid}/items/{itemId:guid}/decisions", DecideAsync).RequireProjectRole<ScreeningModule, RouteHandlerBuilder>(DeciderRoles);
        group.MapDelete("/projects/{projectId:guid}/items/{itemId:guid}/decisions/me", WithdrawAsync).RequireProjectRole<ScreeningModule, RouteHandlerBuilder>(DeciderRoles);
        return group;
    }

    private static async Task<IResult> DecideAsync(
        Guid projectId, Guid itemId, DecisionRequest request, ClaimsPrincipal user, ItemCommands commands, HighlightCache highlights,
        ProjectAccess<ScreeningModule> access, HttpContext context, CancellationToken cancellationToken)
    {
        if (request.Problem() is { } problem) return Problems.Validation(problem.Field, problem.Reason);
        var caller = await Caller.OfAsync(access, projectId, user, cancellationToken);
        var decision = new ScreeningDecision(caller.Username, request.Kind!.Value, request.CleanReason, request.CleanNote, DateTimeOffset.UtcNow);
        var minimal = MinimalAnswer.Preferred(context.Request);
        // A 204 is all there is to replay, so the decision's own mark keeps it and no Idempotency-Key
        // record is committed after it (AppliedCommand.Answer).
        if (minimal) IdempotencyScope.Current?.AnswerWhenApplied(StatusCodes.Status204NoContent);
        ItemOutcome? outcome;
        try
        {
            outcome = await commands.ApplyAsync(projectId, itemId, context.CorrelationId(), (document, settings) =>
            {
                var change = document.Item.Decide(decision, settings.Protocol);
                var design = request.StudyDesign is not null && document.Stage == ScreeningStage.FullText ? request.StudyDesign : document.StudyDesign;
                return ItemCommands.From(document with { StudyDesign = design }, change);
            }, cancellationToken);
        }
        catch (ScreeningRuleException refusal)
        {
            return RuleProblems.Of(refusal);
        }

        // The queue drops the reviewer's lease when it applies the committed decision (ProjectQueue.Put):
        // until then a concurrent `next` still sees the place as taken.
        if (outcome is null) return ItemEndpoints.ItemNotFound(itemId);
        MessagingMetrics.ScreeningDecisions.Add(1);
        return minimal
            ? MinimalAnswer.NoContent(context.Response)
            : ItemEndpoints.View(outcome, caller, highlights);
    }

    private static async Task<IResult> WithdrawAsync(
        Guid projectId, Guid itemId, ClaimsPrincipal user, ItemCommands commands, ScreeningRepository repository, ProjectAccess<ScreeningModule> access, HttpContext context, CancellationToken cancellationToken)
    {
        var caller = await Caller.OfAsync(access, projectId, user, cancellationToken);
        IdempotencyScope.Current?.AnswerWhenApplied(StatusCodes.Status204NoContent);
        ItemOutcome? outcome;
        try
        {
            outcome = await commands.ApplyAsync(projectId, itemId, context.CorrelationId(), (document, settings) =>
                ItemCommands.From(document, document.Item.Withdraw(caller.Username, DateTimeOffset.UtcNow, settings.Protocol)), cancellationToken);
        }
        catch (ScreeningRuleException refusal)
        {
            return RuleProblems.Of(refusal);
        }

        if (outcome is null) return ItemEndpoints.ItemNotFound(itemId);
        (await repository.QueueAsync(projectId, cancellationToken)).Release(itemId, caller.Username);
        return TypedResults.NoContent();
    }
}

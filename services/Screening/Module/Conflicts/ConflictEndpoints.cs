using System.Security.Claims;
using EvSysReview.Contracts.Ingestion;
using EvSysReview.Screening.Core.Conflicts;
using EvSysReview.Screening.Core.Decisions;
using EvSysReview.Screening.Decisions;
using EvSysReview.Screening.Http;
using EvSysReview.Screening.Items;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EvSysReview.Screening.Conflicts;

/// <summary>
/// The conflict queue with both decisions side by side, and its resolution with a note. Only
/// methodologists and leads: showing a conflict to a reviewer would tell them the other's decision.
/// </summary>
public static class ConflictEndpoints
{
    public static RouteGroupBuilder MapConflicts(this RouteGroupBuilder group)
    {
        group.MapGet("/projects/{projectId:guid}/conflicts", ListAsync).RequireProjectRole<ScreeningModule, RouteHandlerBuilder>(ProjectRoles.Methodologist);
        group.MapPost("/projects/{projectId:guid}/conflicts/{itemId:guid}/resolution", ResolveAsync).RequireProjectRole<ScreeningModule, RouteHandlerBuilder>(ProjectRoles.Methodologist);
        return group;
    }

    private static async Task<IResult> ListAsync(Guid projectId, string? stage, ScreeningRepository repository, CancellationToken cancellationToken)
    {
        var items = await repository.ItemsAsync(projectId, cancellationToken);
        var onlyStage = string.IsNullOrEmpty(stage) ? null : StageNames.Parse(stage);
        if (!string.IsNullOrEmpty(stage) && onlyStage is null)
            return Problems.Validation("stage", $"Unknown stage '{stage}'; use {StageNames.TitleAbstract} or {StageNames.FullText}.");
        var conflicts = items
            .Where(i => i.Item.HasOpenConflict && (onlyStage is null || i.Stage == onlyStage))
            .OrderBy(i => i.Item.ConflictRaisedAt)
            .Select(ConflictView.Of)
            .ToList();
        return TypedResults.Json(conflicts, ScreeningJson.Options);
    }

    private static async Task<IResult> ResolveAsync(
        Guid projectId, Guid itemId, DecisionRequest request, ClaimsPrincipal user, ItemCommands commands, HighlightCache highlights,
        ProjectAccess<ScreeningModule> access, HttpContext context, CancellationToken cancellationToken)
    {
        if (request.Problem() is { } problem) return Problems.Validation(problem.Field, problem.Reason);
        var caller = await Caller.OfAsync(access, projectId, user, cancellationToken);
        var adjudication = new Adjudication(caller.Username, caller.ScreeningRole, request.Kind!.Value, request.CleanReason, request.CleanNote ?? "", DateTimeOffset.UtcNow);
        ItemOutcome? outcome;
        try
        {
            outcome = await commands.ApplyAsync(projectId, itemId, context.CorrelationId(), (document, settings) =>
            {
                var design = request.StudyDesign is not null && document.Stage == ScreeningStage.FullText ? request.StudyDesign : document.StudyDesign;
                return ItemCommands.From(document with { StudyDesign = design }, document.Item.Resolve(adjudication, settings.Protocol));
            }, cancellationToken);
        }
        catch (ScreeningRuleException refusal)
        {
            return RuleProblems.Of(refusal);
        }

        return outcome is null ? ItemEndpoints.ItemNotFound(itemId) : ItemEndpoints.View(outcome, caller, highlights);
    }
}

public sealed record ConflictView(Guid ItemId, Guid RecordId, string Stage, string Reason, DateTimeOffset? RaisedAt, string Title, CitationData Citation, IReadOnlyList<DecisionView> Decisions)
{
    public static ConflictView Of(ItemDocument document) => new(
        document.ItemId,
        document.RecordId,
        StageNames.Of(document.Stage),
        document.Item.ConflictReason?.ToString() switch
        {
            nameof(ConflictReason.Maybe) => "maybe",
            nameof(ConflictReason.ExclusionReasonDiffers) => "exclusion-reason-differs",
            _ => "disagreement",
        },
        document.Item.ConflictRaisedAt,
        document.Citation.Title,
        document.Citation,
        document.Item.Decisions.Select(DecisionView.Of).ToList());
}

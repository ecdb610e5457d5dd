using System.Security.Claims;
using EvSysReview.Screening.Decisions;
using EvSysReview.Screening.Http;
using EvSysReview.Screening.Protocol;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EvSysReview.Screening.Items;

/// <summary>One item as the caller may see it (blinded), and a lead's override of a retraction.</summary>
public static class ItemEndpoints
{
    public static RouteGroupBuilder MapItems(this RouteGroupBuilder group)
    {
        group.MapGet("/projects/{projectId:guid}/items/{itemId:guid}", GetAsync).RequireProjectRole<ScreeningModule, RouteHandlerBuilder>(ProjectRoles.All);
        // Only a lead keeps a retracted citation (Core's rule; the issue says "unless a lead overrides").
        group.MapPost("/projects/{projectId:guid}/items/{itemId:guid}/retraction-override", OverrideAsync).RequireProjectRole<ScreeningModule, RouteHandlerBuilder>(ProjectRoles.Lead);
        return group;
    }

    private static async Task<IResult> GetAsync(Guid projectId, Guid itemId, ClaimsPrincipal user, ScreeningRepository repository, HighlightCache highlights, ProjectAccess<ScreeningModule> access, CancellationToken cancellationToken)
    {
        if (await repository.ItemAsync(projectId, itemId, cancellationToken) is not { } stored) return ItemNotFound(itemId);
        var caller = await Caller.OfAsync(access, projectId, user, cancellationToken);
        return await ViewAsync(stored.Value, caller, repository, highlights, cancellationToken);
    }

    private static async Task<IResult> OverrideAsync(
        Guid projectId, Guid itemId, RetractionOverrideRequest request, ClaimsPrincipal user, ItemCommands commands, HighlightCache highlights,
        ProjectAccess<ScreeningModule> access, HttpContext context, CancellationToken cancellationToken)
    {
        var caller = await Caller.OfAsync(access, projectId, user, cancellationToken);
        ItemOutcome? outcome;
        try
        {
            outcome = await commands.ApplyAsync(projectId, itemId, context.CorrelationId(), (document, settings) =>
                ItemCommands.From(document, document.Item.OverrideRetraction(caller.Username, caller.ScreeningRole, request.Note?.Trim() ?? "", DateTimeOffset.UtcNow, settings.Protocol)),
                cancellationToken);
        }
        catch (Core.Decisions.ScreeningRuleException refusal)
        {
            return RuleProblems.Of(refusal);
        }

        return outcome is null ? ItemNotFound(itemId) : View(outcome, caller, highlights);
    }

    internal static async Task<IResult> ViewAsync(ItemDocument document, Caller caller, ScreeningRepository repository, HighlightCache highlights, CancellationToken cancellationToken) =>
        View(document, caller, await repository.SettingsAsync(document.ProjectId, cancellationToken), highlights);

    /// <summary>The item after a command, seen under the settings the command ran under.</summary>
    internal static IResult View(ItemOutcome outcome, Caller caller, HighlightCache highlights) =>
        View(outcome.Document, caller, outcome.Settings ?? throw new InvalidOperationException("ItemCommands sets the settings of every outcome it returns."), highlights);

    private static IResult View(ItemDocument document, Caller caller, ProjectSettings settings, HighlightCache highlights) =>
        TypedResults.Json(ItemView.Of(document, caller.Username, caller.ScreeningRole, settings, highlights.For(settings)), ScreeningJson.Options);

    internal static IResult ItemNotFound(Guid itemId) =>
        Problems.NotFound("itemId", $"No screening item {itemId} in this project (items are created when citations are imported).");
}

/// <summary>POST .../retraction-override: why the lead keeps the retracted citation.</summary>
public sealed record RetractionOverrideRequest(string? Note);

using System.Security.Claims;
using EvSysReview.Screening.Http;
using EvSysReview.Screening.Items;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EvSysReview.Screening.Queue;

/// <summary>
/// GET next: the best-ranked item the caller has not decided that still needs decisions, reserved
/// briefly so it is not served to more reviewers than the protocol needs; 204 when none is left.
/// Observers may read the queue (the web UI shows them records) but hold no reservation.
/// </summary>
public static class NextEndpoints
{
    public static RouteGroupBuilder MapNext(this RouteGroupBuilder group)
    {
        group.MapGet("/projects/{projectId:guid}/next", NextAsync).RequireProjectRole<ScreeningModule, RouteHandlerBuilder>(ProjectRoles.All);
        return group;
    }

    private static async Task<IResult> NextAsync(
        Guid projectId, string? stage, ClaimsPrincipal user, ScreeningRepository repository, HighlightCache highlights,
        ProjectAccess<ScreeningModule> access, CancellationToken cancellationToken)
    {
        if (StageNames.Parse(stage) is not { } screeningStage)
            return Problems.Validation("stage", $"Unknown stage '{stage}'; use {StageNames.TitleAbstract} or {StageNames.FullText}.");
        var caller = await Caller.OfAsync(access, projectId, user, cancellationToken);
        var settings = await repository.SettingsAsync(projectId, cancellationToken);
        // The in-memory queue: no read of the project's items here (docs/screening.md, "Queue").
        var queue = await repository.QueueAsync(projectId, cancellationToken);
        if (queue.Next(screeningStage, caller.Username, settings.Protocol, caller.CanDecide, DateTimeOffset.UtcNow) is not { } served) return TypedResults.NoContent();
        return TypedResults.Json(ItemView.Of(served.Document, caller.Username, caller.ScreeningRole, settings, highlights.For(settings), served.Progress), ScreeningJson.Options);
    }
}

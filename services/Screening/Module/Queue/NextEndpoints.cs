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
        Guid projectId, string? stage, ClaimsPrincipal user, ScreeningRepository repository, LeaseBook leases, HighlightCache highlights,
        ProjectAccess<ScreeningModule> access, CancellationToken cancellationToken)
    {
        if (StageNames.Parse(stage) is not { } screeningStage)
            return Problems.Validation("stage", $"Unknown stage '{stage}'; use {StageNames.TitleAbstract} or {StageNames.FullText}.");
        var caller = await Caller.OfAsync(access, projectId, user, cancellationToken);
        var settings = await repository.SettingsAsync(projectId, cancellationToken);
        var items = await repository.ItemsAsync(projectId, cancellationToken);
        var ranking = (await repository.RankingAsync(projectId, screeningStage, cancellationToken))?.Value.Result;
        var queue = QueueOrder.Arrange(items, screeningStage, ranking);
        var assignment = leases.Select(projectId, caller.Username, queue.Select(i => i.Item).ToList(), settings.Protocol, caller.CanDecide, DateTimeOffset.UtcNow);
        if (assignment is null) return TypedResults.NoContent();
        var document = queue.First(i => i.ItemId == assignment.Item.ItemId);
        var progress = QueueOrder.Progress(items, screeningStage, ranking);
        return TypedResults.Json(ItemView.Of(document, caller.Username, caller.ScreeningRole, settings, highlights.For(settings), progress), ScreeningJson.Options);
    }
}

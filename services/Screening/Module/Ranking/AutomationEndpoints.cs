using EvSysReview.Screening.Http;
using EvSysReview.Screening.Protocol;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EvSysReview.Screening.Ranking;

/// <summary>
/// PUT .../automation {enabled, threshold}: "ineligible by automation", only when a lead turns it on.
/// The ETag is the stored settings' version: two leads editing at once send If-Match (optional, as
/// elsewhere), and the later gets 412 instead of silently overwriting the earlier.
/// </summary>
public static class AutomationEndpoints
{
    public static RouteGroupBuilder MapAutomation(this RouteGroupBuilder group)
    {
        group.MapPut("/projects/{projectId:guid}/automation", PutAsync).RequireProjectRole<ScreeningModule, RouteHandlerBuilder>(ProjectRoles.Lead);
        group.MapGet("/projects/{projectId:guid}/automation", GetAsync).RequireProjectRole<ScreeningModule, RouteHandlerBuilder>(ProjectRoles.All);
        return group;
    }

    private static async Task<IResult> GetAsync(Guid projectId, ScreeningRepository repository, HttpContext http, CancellationToken cancellationToken)
    {
        var stored = await repository.SettingsVersionedAsync(projectId, cancellationToken);
        var settings = stored?.Value ?? ProjectSettings.Default(projectId);
        http.Response.Headers.ETag = EntityTags.Of(stored?.Version ?? 0);
        return TypedResults.Json(new AutomationView(settings.AutomationEnabled, settings.AutomationThreshold), ScreeningJson.Options);
    }

    private static async Task<IResult> PutAsync(Guid projectId, AutomationView request, ScreeningRepository repository, RankingSignal ranking, HttpContext http, CancellationToken cancellationToken)
    {
        if (request.Threshold is not (> 0 and < 1)) return Problems.Validation("threshold", "threshold is a probability between 0 and 1 (exclusive).");
        var stored = await repository.SettingsVersionedAsync(projectId, cancellationToken);
        var version = stored?.Version ?? 0;
        if (EntityTags.IfMatchFails(http, version))
            return Problems.PreconditionFailed($"The automation settings changed (now {EntityTags.Of(version)}); reload them and apply your change again.");
        var settings = (stored?.Value ?? ProjectSettings.Default(projectId)) with { AutomationEnabled = request.Enabled, AutomationThreshold = request.Threshold };
        var work = new ServiceDefaults.Storage.UnitOfWork();
        ScreeningRepository.PutSettings(work, settings, version);
        try
        {
            await repository.CommitAsync(work, cancellationToken);
        }
        catch (ServiceDefaults.Storage.ConcurrencyConflictException) when (EntityTags.HasIfMatch(http))
        {
            // Changed between the read and the write: the caller's If-Match is stale too. Without one, the platform's 409.
            return Problems.PreconditionFailed("The automation settings changed while this change was saved; reload them and apply your change again.");
        }

        // Rerank at once: the lead expects to see the effect of the switch.
        ranking.Changed(projectId, int.MaxValue / 2);
        http.Response.Headers.ETag = EntityTags.Of(version + 1);
        return TypedResults.Json(new AutomationView(settings.AutomationEnabled, settings.AutomationThreshold), ScreeningJson.Options);
    }
}

public sealed record AutomationView(bool Enabled, double Threshold);

using EvSysReview.Screening.Http;
using EvSysReview.Screening.Protocol;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EvSysReview.Screening.Ranking;

/// <summary>PUT .../automation {enabled, threshold}: "ineligible by automation", only when a lead turns it on.</summary>
public static class AutomationEndpoints
{
    public static RouteGroupBuilder MapAutomation(this RouteGroupBuilder group)
    {
        group.MapPut("/projects/{projectId:guid}/automation", PutAsync).RequireProjectRole<ScreeningModule, RouteHandlerBuilder>(ProjectRoles.Lead);
        group.MapGet("/projects/{projectId:guid}/automation", GetAsync).RequireProjectRole<ScreeningModule, RouteHandlerBuilder>(ProjectRoles.All);
        return group;
    }

    private static async Task<IResult> GetAsync(Guid projectId, ScreeningRepository repository, CancellationToken cancellationToken)
    {
        var settings = await repository.SettingsAsync(projectId, cancellationToken);
        return TypedResults.Json(new AutomationView(settings.AutomationEnabled, settings.AutomationThreshold), ScreeningJson.Options);
    }

    private static async Task<IResult> PutAsync(Guid projectId, AutomationView request, ScreeningRepository repository, RankingSignal ranking, CancellationToken cancellationToken)
    {
        if (request.Threshold is not (> 0 and < 1)) return Problems.Validation("threshold", "threshold is a probability between 0 and 1 (exclusive).");
        var stored = await repository.SettingsVersionedAsync(projectId, cancellationToken);
        var settings = (stored?.Value ?? ProjectSettings.Default(projectId)) with { AutomationEnabled = request.Enabled, AutomationThreshold = request.Threshold };
        var work = new ServiceDefaults.Storage.UnitOfWork();
        ScreeningRepository.PutSettings(work, settings, stored?.Version ?? 0);
        await repository.CommitAsync(work, cancellationToken);
        // Rerank at once: the lead expects to see the effect of the switch.
        ranking.Changed(projectId, int.MaxValue / 2);
        return TypedResults.Json(new AutomationView(settings.AutomationEnabled, settings.AutomationThreshold), ScreeningJson.Options);
    }
}

public sealed record AutomationView(bool Enabled, double Threshold);

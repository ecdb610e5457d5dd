using EvSysReview.ServiceDefaults.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EvSysReview.Synthesis.Versions;

/// <summary>
/// The background worker that turns recompute requests into versions. Woken by a consumer (or
/// by the poll), it first waits Debounce so that a burst of events (one study's inclusion,
/// extraction and judgement) becomes one version; a project is thus recomputed at most once per
/// Debounce.
/// </summary>
public sealed class RecomputeWorker(
    ModuleStore<SynthesisModule> store,
    RecomputeSignal signal,
    IServiceScopeFactory scopes,
    IOptions<RecomputeSettings> settings,
    ILogger<RecomputeWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await signal.WaitAsync(settings.Value.PollInterval, stoppingToken);
                var pending = await store.ListAsync(RecomputeRequest.Collection, RecomputeRequest.Partition, stoppingToken);
                if (pending.Count == 0) continue;
                await Task.Delay(settings.Value.Debounce, stoppingToken);
                await RecomputeAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Synthesis recomputation round failed; the requests stay pending and are retried.");
            }
        }
    }

    private async Task RecomputeAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var recomputation = scope.ServiceProvider.GetRequiredService<ProjectRecomputation>();
        var requests = await store.ListAsync(RecomputeRequest.Collection, RecomputeRequest.Partition, cancellationToken);
        foreach (var pending in requests.GroupBy(r => StoreJson.Read<RecomputeRequest>(r).ProjectId))
        {
            try
            {
                var version = await recomputation.RunAsync(pending.Key, pending.ToList(), cancellationToken);
                if (version is not null)
                    logger.LogInformation("Synthesis version {Version} of project {ProjectId}: {Summary}", version.Version, version.ProjectId, string.Join(" ", version.Summary));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Recomputing project {Id} failed; its requests stay pending.", pending.Key);
            }
        }
    }
}

using EvSysReview.ServiceDefaults.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EvSysReview.Ingestion.Alerts;

/// <summary>
/// Every Ingestion:Alerts:PollInterval (a minute), or at once when a run is requested: resumes runs
/// left active (a crash, a stop) and starts the enabled searches that are due. Searches run one
/// after another; NCBI's rate limit is per process anyway. One search failing does not stop the others.
/// </summary>
public sealed class PubMedPoller(
    ModuleStore<IngestionModule> store,
    IServiceScopeFactory scopes,
    AlertSignal wake,
    IOptions<IngestionOptions> options,
    TimeProvider time,
    ILogger<PubMedPoller> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PollAsync(stoppingToken);
                await wake.WaitAsync(options.Value.Alerts.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Polling saved searches failed; trying again at the next interval.");
                try
                {
                    await Task.Delay(options.Value.Alerts.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    public async Task PollAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var runner = scope.ServiceProvider.GetRequiredService<SearchRunner>();
        foreach (var entry in await store.ListAsync(AlertIndexEntry.Collection, AlertIndexEntry.Partition, cancellationToken))
        {
            var searchId = StoreJson.Read<AlertIndexEntry>(entry).SearchId;
            try
            {
                await PollSearchAsync(runner, searchId, cancellationToken);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                // Escaping, it ended the whole poll: while the store kept refusing one search's run
                // (even its end), the searches polled after it never ran. Its run stays active and the
                // next poll resumes it, as after a crash.
                logger.LogError(exception, "Polling saved search {SearchId} failed; its run, if one started, stays active and the next poll resumes it.", searchId);
            }
        }
    }

    /// <summary>Starts the search if it is enabled and due, then runs (or resumes) its active run.</summary>
    private async Task PollSearchAsync(SearchRunner runner, Guid searchId, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(SavedSearch.Collection, searchId.ToString("N"), cancellationToken);
        if (stored is null) return;
        var search = StoreJson.Read<SavedSearch>(stored);
        if (search.ActiveRunId is null)
        {
            if (!search.Enabled || SearchSchedule.TryParse(search.Schedule) is null || search.NextRunAt > time.GetUtcNow()) return;
            try
            {
                await runner.StartAsync(search, stored.Version, "schedule", cancellationToken);
            }
            catch (ConcurrencyConflictException)
            {
                return;
            }
        }

        await runner.RunActiveAsync(searchId, cancellationToken);
    }
}

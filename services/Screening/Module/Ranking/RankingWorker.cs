using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EvSysReview.Screening.Ranking;

/// <summary>
/// Retrains and reranks in the background, debounced per project (RankingWorkerOptions), so a
/// decision never waits for a model. A failed rerank is logged and retried on the next change.
/// </summary>
public sealed partial class RankingWorker(IServiceScopeFactory scopes, RankingSignal signal, IOptions<RankingWorkerOptions> options, ILogger<RankingWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var timer = new PeriodicTimer(settings.PollInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var projectId in signal.TakeDue(settings.MinNewFinalDecisions, settings.MaxDelay, DateTimeOffset.UtcNow, settings.MinInterval))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var cost = await scope.ServiceProvider.GetRequiredService<ProjectRanking>().RerankAsync(projectId, stoppingToken);
                    // A fit after an import can take half a minute; counted against the budget it would
                    // keep the ranking from learning from the first labels for minutes after. Rests are idle.
                    signal.Ranked(projectId, cost.Work, settings.MaxShareOfTime);
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    LogRerankFailed(logger, error, projectId);
                    signal.Changed(projectId);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reranking project {ProjectId} failed; retrying on the next change.")]
    private static partial void LogRerankFailed(ILogger logger, Exception error, Guid projectId);
}

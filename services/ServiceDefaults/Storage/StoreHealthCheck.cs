using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EvSysReview.ServiceDefaults.Storage;

internal sealed class StoreHealthCheck(IDocumentStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.PingAsync(cancellationToken);
            var backlog = await store.CountPendingOutboxAsync(cancellationToken);
            return HealthCheckResult.Healthy(data: new Dictionary<string, object> { ["outboxBacklog"] = backlog });
        }
        catch (Exception exception)
        {
            return HealthCheckResult.Unhealthy("The store does not answer.", exception);
        }
    }
}

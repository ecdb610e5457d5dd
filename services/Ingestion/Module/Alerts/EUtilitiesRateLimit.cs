using System.Threading.RateLimiting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace EvSysReview.Ingestion.Alerts;

/// <summary>
/// NCBI allows 3 requests/s per IP without an API key and 10/s per key. One limiter for the whole
/// process per key (keyless searches share one), spacing requests evenly rather than in bursts, so
/// no one-second window ever holds more than the limit.
/// </summary>
public sealed class EUtilitiesRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> limiter;

    public EUtilitiesRateLimiter(IOptions<IngestionOptions> options)
    {
        var alerts = options.Value.Alerts;
        limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, k => new TokenBucketRateLimiterOptions
        {
            TokenLimit = 1,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1.0 / (k.Length == 0 ? alerts.RequestsPerSecond : alerts.RequestsPerSecondWithKey)),
            QueueLimit = 10_000,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        }));
    }

    public ValueTask<RateLimitLease> AcquireAsync(string apiKey, CancellationToken cancellationToken) => limiter.AcquireAsync(apiKey, 1, cancellationToken);

    public void Dispose() => limiter.Dispose();
}

/// <summary>Sits inside the retry handler, so every attempt (retries too) waits for its turn.</summary>
public sealed class EUtilitiesRateLimitHandler(EUtilitiesRateLimiter limiter) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var key = request.RequestUri is { } uri && QueryHelpers.ParseQuery(uri.Query).TryGetValue("api_key", out var value) ? value.ToString() : "";
        using var lease = await limiter.AcquireAsync(key, cancellationToken);
        if (!lease.IsAcquired) throw new HttpRequestException("Too many E-utilities requests queued in this process.");
        return await base.SendAsync(request, cancellationToken);
    }
}

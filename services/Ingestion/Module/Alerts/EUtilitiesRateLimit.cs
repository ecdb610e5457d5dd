using System.Collections.Concurrent;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace EvSysReview.Ingestion.Alerts;

/// <summary>
/// NCBI allows 3 requests/s per IP without an API key and 10/s per key. One gate for the whole
/// process per key (keyless searches share one) that starts requests at least 1/limit s apart, so
/// no one-second window, wherever it starts, holds more than the limit. (A token bucket refilled
/// on a timer, used before, let a request that took the last token late in its period be followed
/// at once by one that took the next refill: two requests 12 ms apart, four in one second.)
/// </summary>
public sealed class EUtilitiesRateLimiter(IOptions<IngestionOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Spacing> _gates = new();

    /// <summary>Waits until this key may send its next request, and claims that moment.</summary>
    /// <returns>the moment claimed: the request starts now.</returns>
    public async Task<DateTimeOffset> WaitTurnAsync(string apiKey, CancellationToken cancellationToken)
    {
        var alerts = options.Value.Alerts;
        var gate = _gates.GetOrAdd(apiKey, key => new Spacing(TimeSpan.FromSeconds(1.0 / (key.Length == 0 ? alerts.RequestsPerSecond : alerts.RequestsPerSecondWithKey))));
        await gate.Turn.WaitAsync(cancellationToken);
        try
        {
            // A timer may wake a moment before the clock reaches the mark: wait again for the rest.
            var start = clock.GetUtcNow();
            while (gate.NextStart - start is var wait && wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, clock, cancellationToken);
                start = clock.GetUtcNow();
            }

            gate.NextStart = start + gate.Interval;
            return start;
        }
        finally
        {
            gate.Turn.Release();
        }
    }

    private sealed class Spacing(TimeSpan interval)
    {
        public SemaphoreSlim Turn { get; } = new(1, 1);

        public TimeSpan Interval { get; } = interval;

        public DateTimeOffset NextStart { get; set; } = DateTimeOffset.MinValue;
    }
}

/// <summary>Sits inside the retry handler, so every attempt (retries too) waits for its turn.</summary>
public sealed class EUtilitiesRateLimitHandler(EUtilitiesRateLimiter limiter) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var key = request.RequestUri is { } uri && QueryHelpers.ParseQuery(uri.Query).TryGetValue("api_key", out var value) ? value.ToString() : "";
        await limiter.WaitTurnAsync(key, cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }
}

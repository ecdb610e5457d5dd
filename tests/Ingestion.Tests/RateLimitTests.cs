using System.Diagnostics;
using EvSysReview.Ingestion;
using EvSysReview.Ingestion.Alerts;
using Microsoft.Extensions.Options;

namespace EvSysReview.Ingestion.Tests;

public sealed class RateLimitTests
{
    /// <summary>
    /// A request that finds the gate free late in an interval must not let the next one through at
    /// once (a timer-refilled token bucket did: the late request took the banked token, the next took
    /// the refill a few ms later, and NCBI saw more than its limit in one second).
    /// </summary>
    [Fact]
    public async Task Requests_of_one_key_start_at_least_one_interval_apart_even_after_an_idle_spell()
    {
        // 20 per second: 50 ms apart.
        var limiter = new EUtilitiesRateLimiter(Options.Create(new IngestionOptions { Alerts = new AlertOptions { RequestsPerSecond = 20 } }), TimeProvider.System);
        var clock = Stopwatch.StartNew();
        var starts = new List<TimeSpan>();
        await limiter.WaitTurnAsync("", CancellationToken.None);
        starts.Add(clock.Elapsed);
        await Task.Delay(95);
        await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ =>
        {
            await limiter.WaitTurnAsync("", CancellationToken.None);
            lock (starts) starts.Add(clock.Elapsed);
        }));

        var ordered = starts.Order().ToList();
        Assert.All(ordered.Zip(ordered.Skip(1)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromMilliseconds(45), $"{pair.First.TotalMilliseconds:F0} ms then {pair.Second.TotalMilliseconds:F0} ms"));
    }

    [Fact]
    public async Task Keys_wait_for_their_own_turn_only()
    {
        var limiter = new EUtilitiesRateLimiter(Options.Create(new IngestionOptions { Alerts = new AlertOptions { RequestsPerSecond = 1, RequestsPerSecondWithKey = 1 } }), TimeProvider.System);
        await limiter.WaitTurnAsync("", CancellationToken.None);
        var clock = Stopwatch.StartNew();
        await limiter.WaitTurnAsync("key-a", CancellationToken.None);
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(500), $"another key waited {clock.Elapsed.TotalMilliseconds:F0} ms");
        using var soon = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => limiter.WaitTurnAsync("", soon.Token));
    }
}

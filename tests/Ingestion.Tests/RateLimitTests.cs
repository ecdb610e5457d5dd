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
        var starts = new List<DateTimeOffset> { await limiter.WaitTurnAsync("", CancellationToken.None) };
        await Task.Delay(95);
        // The moments the gate claimed, not when each caller's continuation happened to run.
        starts.AddRange(await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => limiter.WaitTurnAsync("", CancellationToken.None))));

        var ordered = starts.Order().ToList();
        Assert.Equal(4, ordered.Count);
        Assert.All(ordered.Zip(ordered.Skip(1)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromMilliseconds(50), $"{pair.First:HH:mm:ss.fff} then {pair.Second:HH:mm:ss.fff}"));
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

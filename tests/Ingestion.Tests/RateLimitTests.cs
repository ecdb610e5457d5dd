using EvSysReview.Ingestion;
using EvSysReview.Ingestion.Alerts;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

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

    /// <summary>
    /// On a clock that moves only when told (a real one made this a race against a loaded machine):
    /// another key's turn is claimed at once, and the first key's next one exactly one interval on.
    /// </summary>
    [Fact]
    public async Task Keys_wait_for_their_own_turn_only()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 3, 0, 0, TimeSpan.Zero));
        var limiter = new EUtilitiesRateLimiter(Options.Create(new IngestionOptions { Alerts = new AlertOptions { RequestsPerSecond = 1, RequestsPerSecondWithKey = 1 } }), clock);
        var first = await limiter.WaitTurnAsync("", CancellationToken.None);

        var otherKey = limiter.WaitTurnAsync("key-a", CancellationToken.None);
        Assert.True(otherKey.IsCompleted, "another key waited for the keyless gate");
        Assert.Equal(first, await otherKey);

        var sameKey = limiter.WaitTurnAsync("", CancellationToken.None);
        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(sameKey.IsCompleted, "the keyless gate let a second request through within its interval");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(first + TimeSpan.FromSeconds(1), await sameKey.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}

using EvSysReview.ServiceDefaults.Messaging;

namespace EvSysReview.Platform.Tests.Messaging;

public sealed class KeyedGateTests
{
    private sealed class GateModule;

    [Fact]
    public async Task Work_on_one_key_runs_one_at_a_time()
    {
        var key = Guid.NewGuid();
        var inside = 0;
        var mostInside = 0;
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            using (await KeyedGate<GateModule>.EnterAsync(key, CancellationToken.None))
            {
                var now = Interlocked.Increment(ref inside);
                InterlockedMax(ref mostInside, now);
                await Task.Delay(2);
                Interlocked.Decrement(ref inside);
            }
        })));

        Assert.Equal(1, mostInside);
    }

    [Fact]
    public async Task A_holder_of_one_key_does_not_block_another_key_or_no_key()
    {
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        // Keys on different stripes (the gate stripes keys by hash).
        while ((first.GetHashCode() & int.MaxValue) % 64 == (second.GetHashCode() & int.MaxValue) % 64) second = Guid.NewGuid();
        using var held = await KeyedGate<GateModule>.EnterAsync(first, CancellationToken.None);

        var other = KeyedGate<GateModule>.EnterAsync(second, CancellationToken.None);
        var none = KeyedGate<GateModule>.EnterAsync(null, CancellationToken.None);
        var same = KeyedGate<GateModule>.EnterAsync(first, CancellationToken.None);

        Assert.True(other.IsCompletedSuccessfully);
        Assert.True(none.IsCompletedSuccessfully);
        Assert.False(same.IsCompleted);
        (await other).Dispose();
        held.Dispose();
        (await same.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}

using System.Runtime.CompilerServices;
using EvSysReview.Screening.Ranking;

namespace EvSysReview.Benchmarks.Living;

/// <summary>
/// The machine's own speed, apart from any load of ours. This virtual machine runs the same
/// single-threaded work at two speeds, switching within seconds with nothing else running (on a quiet
/// machine this probe reads about 30–33 ms or 36–48 ms), and it reports no steal time (the steal
/// column of /proc/stat stays 0), so the only gauge left is a fixed piece of work timed on its
/// thread's CPU clock. The work walks a 4 MiB table: register-only arithmetic keeps one speed
/// throughout (<see cref="MachineSpeedSampler"/>), so the slow spells are in memory access, shared
/// with the host's other tenants. Taken before the hosts start and again after the run, it says
/// which speed the machine was at around a run, not during it (there our own load shares the memory).
/// </summary>
public static class MachineSpeedProbe
{
    private const int TableSize = 1 << 20; // 4 MiB of ints: more than a core's L2, so memory counts as well as arithmetic
    private const int Steps = 1 << 24;
    private const int Repetitions = 9;

    /// <summary>The median thread CPU time (ms) of the fixed work; null where the platform has no thread clock.</summary>
    public static double? MedianMilliseconds()
    {
        var table = new int[TableSize];
        for (var i = 0; i < table.Length; i++) table[i] = i * 7919;
        var times = new List<double>(Repetitions);
        var sink = 0L;
        for (var repetition = 0; repetition < Repetitions; repetition++)
        {
            var before = ThreadCpuClock.Now();
            sink += Work(table);
            var after = ThreadCpuClock.Now();
            if (before is null || after is null) return null;
            times.Add((after.Value - before.Value).TotalMilliseconds);
        }

        GC.KeepAlive(sink);
        times.Sort();
        return times[Repetitions / 2];
    }

    /// <summary>
    /// Waits (at most <paramref name="patience"/>) for a second in which every core together was busy
    /// less than a tenth of one core, then probes: work on the other core shares the cache and memory
    /// the walk depends on, so a probe beside it would gauge that work as well as the machine.
    /// </summary>
    public static async Task<string> DescribeWhenQuietAsync(TimeSpan patience)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        var busy = double.NaN;
        while (waited.Elapsed < patience)
        {
            var before = BusyAndTotalTicks();
            await Task.Delay(1000);
            var after = BusyAndTotalTicks();
            busy = (after.Busy - before.Busy) * (double)Environment.ProcessorCount / Math.Max(1, after.Total - before.Total);
            if (busy < 0.1) break;
        }

        return $"{Describe()}; the machine {(busy < 0.1 ? "quiet" : "NOT quiet")} (the second before: {busy:F2} of a core busy, after {waited.Elapsed.TotalSeconds:F0} s)";
    }

    public static string Describe() => MedianMilliseconds() is { } milliseconds ? $"{milliseconds:F2} ms of one thread's CPU for a fixed piece of work (median of {Repetitions}; lower is a faster machine)" : "no thread CPU clock on this platform";

    /// <summary>The first line of /proc/stat: every core's busy and total ticks (idle and I/O wait count as not busy).</summary>
    private static (long Busy, long Total) BusyAndTotalTicks()
    {
        if (!File.Exists("/proc/stat")) return (0, 0);
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        var total = fields.Sum();
        return (total - fields[3] - fields[4], total);
    }

    // Optimised from its first call, so a probe in a fresh process and one after the run time the same
    // machine code (tiered compilation would otherwise give the first probe less optimised code).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long Work(int[] table)
    {
        var state = XorShiftSeed; // the same walk every time
        var sum = 0L;
        for (var step = 0; step < Steps; step++)
        {
            state = XorShift(state);
            sum += table[(int)(state & (TableSize - 1))];
        }

        return sum;
    }

    internal const uint XorShiftSeed = 2463534242u;

    /// <summary>One step of Marsaglia's xorshift32: a few register operations, no memory.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint XorShift(uint state)
    {
        state ^= state << 13;
        state ^= state >> 17;
        return state ^ (state << 5);
    }
}

using System.Runtime.CompilerServices;
using EvSysReview.Screening.Ranking;

namespace EvSysReview.Benchmarks.Living;

/// <summary>
/// Whether the host takes CPU time from this machine while a run goes on: every 250 ms a thread of its
/// own times a fixed burst of register-only arithmetic on its CPU clock. Our own processes cannot
/// lengthen that figure: the clock stops while the guest's scheduler runs something else, and nothing
/// of the burst lives in a cache the other core could evict. Time taken from the virtual CPU (which
/// this guest cannot see: its steal column stays 0) or a physical core shared with another tenant
/// would lengthen it. On a quiet machine it stays within about a tenth while
/// <see cref="MachineSpeedProbe"/>'s memory walk switches between its two speeds: the machine's slow
/// spells are in memory access, not in the CPU (docs/performance.md).
/// </summary>
public sealed class MachineSpeedSampler
{
    private const int Steps = 500_000;
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(250);

    private readonly List<(TimeSpan At, double Microseconds)> _samples = [];
    private readonly Thread _thread;
    private readonly Func<TimeSpan> _clock;
    private volatile bool _stopping;

    private MachineSpeedSampler(Func<TimeSpan> clock)
    {
        _clock = clock;
        _thread = new Thread(Sample) { IsBackground = true, Name = "machine speed" };
    }

    /// <summary>Starts sampling; <paramref name="clock"/> stamps each sample (the run's own clock, so samples line up with its seconds).</summary>
    public static MachineSpeedSampler Start(Func<TimeSpan> clock)
    {
        var sampler = new MachineSpeedSampler(clock);
        sampler._thread.Start();
        return sampler;
    }

    /// <summary>Stops and returns every sample: when it was taken and its burst's thread CPU time in µs.</summary>
    public IReadOnlyList<(TimeSpan At, double Microseconds)> Stop()
    {
        _stopping = true;
        _thread.Join();
        return _samples;
    }

    /// <summary>One line on bursts sorted by size: their spread, and how many took at least 1.3× the fastest tenth.</summary>
    public static string Describe(IReadOnlyList<double> sorted)
    {
        if (sorted.Count == 0) return "no bursts timed (no thread CPU clock on this platform)";
        var fastest = LivingLoadCommand.Percentile(sorted, 0.10);
        return $"a fixed arithmetic burst every 250 ms ({sorted.Count} samples) took p10 {fastest:F0} µs, p50 {LivingLoadCommand.Percentile(sorted, 0.50):F0} µs, p90 {LivingLoadCommand.Percentile(sorted, 0.90):F0} µs of its thread's CPU; {sorted.Count(b => b > 1.3 * fastest) * 100.0 / sorted.Count:F0} % of them at least 1.3× the p10 (CPU time taken by the host)";
    }

    private void Sample()
    {
        var sink = 0u;
        while (!_stopping)
        {
            var before = ThreadCpuClock.Now();
            sink += Burst();
            var after = ThreadCpuClock.Now();
            if (before is null || after is null) return;
            _samples.Add((_clock(), (after.Value - before.Value).TotalMicroseconds));
            Thread.Sleep(Every);
        }

        GC.KeepAlive(sink);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static uint Burst()
    {
        var state = MachineSpeedProbe.XorShiftSeed;
        for (var step = 0; step < Steps; step++) state = MachineSpeedProbe.XorShift(state);
        return state;
    }
}

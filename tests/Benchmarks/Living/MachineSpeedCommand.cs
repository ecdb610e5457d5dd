namespace EvSysReview.Benchmarks.Living;

/// <summary>
/// `machine-speed [--seconds 0]`: prints <see cref="MachineSpeedProbe"/>'s figure once, so the machine's
/// speed can be read beside any other measurement (living-load prints it itself before and after its
/// run); with <c>--seconds N</c> also runs <see cref="MachineSpeedSampler"/> for N seconds and prints its
/// bursts' distribution, the same gauge living-load takes during its run, here with nothing else running.
/// </summary>
public sealed class MachineSpeedCommand : ISideBySideCommand
{
    public string Name => "machine-speed";

    public int Run(string[] args)
    {
        Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss} UTC, load average {LivingLoadCommand.LoadAverage()}: {MachineSpeedProbe.DescribeWhenQuietAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult()}");
        var seconds = BusCeilingCommand.Option(args, "--seconds", 0);
        if (seconds <= 0) return 0;
        // Meanwhile the memory-walking probe every 5 s on this thread: the two gauges side by side say
        // whether a slow spell slows arithmetic in registers too, or only work that goes to memory.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var sampler = MachineSpeedSampler.Start(() => clock.Elapsed);
        var walks = new List<(TimeSpan At, double Milliseconds)>();
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            if (MachineSpeedProbe.MedianMilliseconds() is { } walk) walks.Add((clock.Elapsed, walk));
            Thread.Sleep(TimeSpan.FromSeconds(5));
        }

        var samples = sampler.Stop();
        foreach (var (at, walk) in walks)
        {
            var near = samples.Where(s => Math.Abs((s.At - at).TotalSeconds) <= 1.5).Select(s => s.Microseconds).Order().ToList();
            Console.WriteLine($"  {at.TotalSeconds,5:F0} s: memory walk {walk,6:F2} ms; bursts within 1.5 s: {string.Join(' ', near.Select(b => b.ToString("F0")))} µs");
        }

        var bursts = samples.Select(s => s.Microseconds).Order().ToList();
        Console.WriteLine(MachineSpeedSampler.Describe(bursts));
        Console.WriteLine($"each burst (µs, in order of size): {string.Join(' ', bursts.Select(b => b.ToString("F0")))}");
        return 0;
    }
}

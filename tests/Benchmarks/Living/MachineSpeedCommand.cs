namespace EvSysReview.Benchmarks.Living;

/// <summary>
/// `machine-speed`: prints <see cref="MachineSpeedProbe"/>'s figure once, so the machine's phase can be
/// read beside any other measurement (living-load prints it itself before and after its run).
/// </summary>
public sealed class MachineSpeedCommand : ISideBySideCommand
{
    public string Name => "machine-speed";

    public int Run(string[] args)
    {
        Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss} UTC, load average {LivingLoadCommand.LoadAverage()}: {MachineSpeedProbe.DescribeWhenQuietAsync(TimeSpan.FromSeconds(30)).GetAwaiter().GetResult()}");
        return 0;
    }
}

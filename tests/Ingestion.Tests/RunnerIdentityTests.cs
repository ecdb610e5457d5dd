using System.Diagnostics;
using EvSysReview.Ingestion.Alerts;
using EvSysReview.TestSupport;

namespace EvSysReview.Ingestion.Tests;

/// <summary>
/// Which holders of a run's claim have certainly ended, so that a restarted instance need not wait
/// out their lease: real processes of this machine, started and stopped by the test.
/// </summary>
public sealed class RunnerIdentityTests
{
    private static string Holder(string machine, int pid, string? pidNamespace = null) => $"{machine}/{pid}/0badc0de/{pidNamespace ?? RunnerIdentity.PidNamespace}";

    [Fact]
    public async Task A_holder_whose_process_on_this_machine_has_exited_has_ended_and_a_running_one_has_not()
    {
        using var sleeper = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        var holder = Holder(Environment.MachineName, sleeper.Id);
        Assert.False(RunnerIdentity.HasEnded(holder));

        sleeper.Kill();
        await sleeper.WaitForExitAsync();
        Assert.True(RunnerIdentity.HasEnded(holder));
    }

    [Fact]
    public async Task A_holder_killed_but_not_reaped_by_its_parent_has_ended()
    {
        // sh starts a child that exits a second later, prints its id, and becomes `sleep`, which never
        // reaps it (a child that exited at once could be reaped by sh itself before its exec).
        using var parent = Process.Start(new ProcessStartInfo("sh", ["-c", "sleep 1 & echo $!; exec sleep 60"]) { UseShellExecute = false, RedirectStandardOutput = true })!;
        var zombie = int.Parse((await parent.StandardOutput.ReadLineAsync())!, System.Globalization.CultureInfo.InvariantCulture);
        await Eventually.HoldsAsync(() => Task.FromResult(File.ReadAllText($"/proc/{zombie}/stat").Contains(") Z ", StringComparison.Ordinal)), "the child has exited and is a zombie");
        try
        {
            Assert.True(RunnerIdentity.HasEnded(Holder(Environment.MachineName, zombie)));
            Assert.False(RunnerIdentity.HasEnded(Holder(Environment.MachineName, parent.Id)));
        }
        finally
        {
            parent.Kill();
        }
    }

    [Fact]
    public async Task A_holder_on_another_machine_or_not_named_by_a_runner_keeps_its_lease()
    {
        using var exited = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await exited.WaitForExitAsync();
        Assert.True(RunnerIdentity.HasEnded(Holder(Environment.MachineName, exited.Id)));
        Assert.False(RunnerIdentity.HasEnded(Holder("another-machine", exited.Id)));
        // Another PID namespace on a host of the same name (two containers given one host name): its ids are not ours to judge.
        Assert.StartsWith("pid:[", RunnerIdentity.PidNamespace);
        Assert.False(RunnerIdentity.HasEnded(Holder(Environment.MachineName, exited.Id, "pid:[1]")));
        Assert.False(RunnerIdentity.HasEnded(Holder(Environment.MachineName, Environment.ProcessId, "pid:[1]")));
        // A claim named before the namespace was part of the name.
        Assert.False(RunnerIdentity.HasEnded($"{Environment.MachineName}/{exited.Id}/0badc0de"));
        Assert.False(RunnerIdentity.HasEnded("instance that died"));
        Assert.False(RunnerIdentity.HasEnded($"{Environment.MachineName}/not-a-pid/0badc0de/{RunnerIdentity.PidNamespace}"));
    }

    [Fact]
    public void A_runner_of_this_process_has_ended_once_its_host_disposed_it_and_an_earlier_process_with_this_id_has()
    {
        var identity = RunnerIdentity.OfThisProcess();
        Assert.False(RunnerIdentity.HasEnded(identity.Name));
        identity.Dispose();
        Assert.True(RunnerIdentity.HasEnded(identity.Name));
        // Another name with this process's id in this namespace: a process before this one that had the id (ids are reused).
        Assert.True(RunnerIdentity.HasEnded(Holder(Environment.MachineName, Environment.ProcessId)));
    }
}

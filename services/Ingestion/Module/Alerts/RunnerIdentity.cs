using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace EvSysReview.Ingestion.Alerts;

/// <summary>
/// The name this process puts on the runs it claims (<see cref="SearchRun.ClaimedBy"/>): host,
/// process id, a random part and the PID namespace, so a restarted instance, or a second one on the
/// same machine, is another runner. One per ingestion module, whose poller runs one search at a time,
/// so a claim of this name is never worked by two runners at once.
/// </summary>
public sealed record RunnerIdentity(string Name) : IDisposable
{
    /// <summary>The runners of this process that have not ended (an in-process host may stop and another start).</summary>
    private static readonly ConcurrentDictionary<string, byte> LiveInThisProcess = new(StringComparer.Ordinal);

    public static RunnerIdentity OfThisProcess()
    {
        var identity = new RunnerIdentity($"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}/{PidNamespace}");
        LiveInThisProcess[identity.Name] = 0;
        return identity;
    }

    /// <summary>
    /// Whether <paramref name="holder"/> is a runner of this machine whose process has ended, so its
    /// claim can be taken over without waiting for the lease. Without this a killed single instance
    /// (the standalone host, a host under systemd) left its run alone for the whole lease,
    /// 15 minutes, after it came back. Only what can be known for certain counts: a holder on another
    /// machine, or whose process id is running, may be alive and keeps its lease. The process id is
    /// ours: the holder was a process before this one (the id is taken while we run) unless it is a
    /// runner of this very process that has not ended. Process ids mean this only within one PID
    /// namespace, so a holder of another one (two containers given the same host name, or a container
    /// since restarted, which starts in a new namespace) keeps its lease, as does a claim named before
    /// the namespace was part of the name.
    /// </summary>
    public static bool HasEnded(string holder)
    {
        var parts = holder.Split('/');
        if (parts.Length != 4 || parts[0] != Environment.MachineName || parts[3] != PidNamespace) return false;
        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) return false;
        if (pid == Environment.ProcessId) return !LiveInThisProcess.ContainsKey(holder);
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited || IsZombie(pid);
        }
        catch (ArgumentException)
        {
            return true; // no process with that id
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>This process's PID namespace as Linux names it ("pid:[4026531836]"); empty where there is none to read.</summary>
    public static string PidNamespace { get; } = ReadPidNamespace();

    private static string ReadPidNamespace()
    {
        try
        {
            return new FileInfo("/proc/self/ns/pid").LinkTarget ?? "";
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    /// <summary>
    /// A killed process its parent has not reaped yet (Linux: state Z in /proc/PID/stat) still has its
    /// id, but runs no code: without this, a container whose first process does not reap its children
    /// would keep a dead runner's claim for the whole lease.
    /// </summary>
    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var afterName = stat.LastIndexOf(')');
            return afterName >= 0 && afterName + 2 < stat.Length && stat[afterName + 2] == 'Z';
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>This runner ends with its host: a later runner of this process may take its claims over at once.</summary>
    public void Dispose() => LiveInThisProcess.TryRemove(Name, out _);
}

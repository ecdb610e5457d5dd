namespace EvSysReview.Ingestion.Alerts;

/// <summary>
/// The name this process puts on the runs it claims (<see cref="SearchRun.ClaimedBy"/>): host,
/// process id and a random part, so a restarted instance, or a second one on the same machine, is
/// another runner. One per process, whose poller runs one search at a time, so a claim of this name
/// is never worked by two runners at once.
/// </summary>
public sealed record RunnerIdentity(string Name)
{
    public static RunnerIdentity OfThisProcess() => new($"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}");
}

namespace EvSysReview.ServiceDefaults.Messaging;

public sealed class OutboxOptions
{
    /// <summary>Off only to simulate a host that died after its store write and before publishing (tests, drills).</summary>
    public bool DispatchEnabled { get; set; } = true;

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    public int BatchSize { get; set; } = 100;

    /// <summary>How often the outbox backlog gauge is refreshed (one count query per module).</summary>
    public TimeSpan BacklogInterval { get; set; } = TimeSpan.FromSeconds(1);
}

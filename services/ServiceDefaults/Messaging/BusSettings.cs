namespace EvSysReview.ServiceDefaults.Messaging;

/// <summary>How the bus retries a failing consumer before the message goes to the queue's _error queue.</summary>
public sealed class BusSettings
{
    public const string RabbitMqUriVariable = "RABBITMQ_URI";

    /// <summary>Quick in-process retries for transient faults (a version conflict, a busy store).</summary>
    public int ImmediateRetries { get; set; } = 5;

    /// <summary>Then slower retries with exponential back-off, for a dependency that needs seconds to come back.</summary>
    public TimeSpan[] BackoffIntervals { get; set; } = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15)];

    public ushort PrefetchCount { get; set; } = 32;

    /// <summary>How long a host waits for the broker to confirm its queues at start (quorum queue declarations are slow on a busy node).</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Put before every queue name; lets several isolated deployments (or test runs) share one broker.</summary>
    public string QueuePrefix { get; set; } = "";
}

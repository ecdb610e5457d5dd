namespace EvSysReview.Gateway;

public sealed class GatewaySettings
{
    /// <summary>Largest request body accepted (file imports are the big ones).</summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>Requests per second each signed-in user (or, before sign-in, each client address) may send.</summary>
    public int RequestsPerSecondPerUser { get; set; } = 200;

    /// <summary>Requests that wait for a permit instead of being refused at once.</summary>
    public int QueueLimit { get; set; } = 100;

    /// <summary>
    /// Kestrel runs the request pipeline on the thread that completed the socket read
    /// (<see cref="InlineIo"/>). Unset: when this process's socket completions run inline, as they
    /// do in the gateway's own process; tests that host the gateway beside other hosts set it.
    /// </summary>
    public bool? InlineScheduling { get; set; }
}

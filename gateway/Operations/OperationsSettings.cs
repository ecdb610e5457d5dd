namespace EvSysReview.Gateway.Operations;

/// <summary>
/// Who may look at and replay the broker's error queues. An operator is a deployment role, not a
/// project role: the usernames listed here (Operations__Operators__0=…), checked against the
/// validated token's subject. Empty by default, so no one is an operator until the deployment says so.
/// </summary>
public sealed class OperationsSettings
{
    public const string Section = "Operations";

    public string[] Operators { get; set; } = [];

    /// <summary>The management HTTP API (lists queues); default: port 15672 on the RABBITMQ_URI host, same credentials.</summary>
    public Uri? ManagementUri { get; set; }
}

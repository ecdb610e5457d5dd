using EvSysReview.ServiceDefaults.Security;

namespace EvSysReview.Gateway.Operations;

/// <summary>
/// Who may look at and replay the broker's error queues (the deployment's operators,
/// <see cref="OperatorSettings"/>, the one setting every host reads), and where the gateway finds
/// the broker's management API.
/// </summary>
public sealed class OperationsSettings : OperatorSettings
{
    /// <summary>The management HTTP API (lists queues); default: port 15672 on the RABBITMQ_URI host, same credentials.</summary>
    public Uri? ManagementUri { get; set; }
}

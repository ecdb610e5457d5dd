using System.Security.Claims;
using EvSysReview.ServiceDefaults.Security;

namespace EvSysReview.Gateway.Operations;

/// <summary>
/// Who may look at and replay the broker's error queues, and read the gateway's detailed /health. An operator is a deployment role, not a
/// project role: the usernames listed here (Operations__Operators__0=…), checked against the
/// validated token's subject. Empty by default, so no one is an operator until the deployment says so.
/// </summary>
public sealed class OperationsSettings
{
    public const string Section = "Operations";

    public string[] Operators { get; set; } = [];

    /// <summary>Whether the validated token's subject is one of <see cref="Operators"/>; anyone without a valid token is not.</summary>
    public bool IsOperator(ClaimsPrincipal user) => user.Username() is { } username && Operators.Contains(username, StringComparer.Ordinal);

    /// <summary>The management HTTP API (lists queues); default: port 15672 on the RABBITMQ_URI host, same credentials.</summary>
    public Uri? ManagementUri { get; set; }
}

using System.Security.Claims;
using EvSysReview.ServiceDefaults;
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

    /// <summary>Null for an operator; else the 403 problem saying that <paramref name="what"/> is for the deployment's operators.</summary>
    public IResult? RefuseUnlessOperator(ClaimsPrincipal user, string what) =>
        IsOperator(user) ? null : Problems.Forbidden($"{what} are for the deployment's operators (Operations:Operators).");
}

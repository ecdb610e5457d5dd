using System.Security.Claims;

namespace EvSysReview.ServiceDefaults.Security;

/// <summary>
/// The deployment's operators: a deployment role, not a project role. The usernames listed in
/// Operations:Operators (Operations__Operators__0=…), checked against the validated token's
/// subject. Every host reads the same setting, so it is configured once for a deployment: the
/// gateway lets operators at the error queues and its detailed /health, and each service gives
/// them its own /health/ready in detail. Empty by default, so no one is an operator until the
/// deployment says so.
/// </summary>
public class OperatorSettings
{
    public const string Section = "Operations";

    /// <summary>The first operator as an environment variable: what a deployment (docker-compose.yml) gives every host.</summary>
    public const string FirstOperatorVariable = "Operations__Operators__0";

    public string[] Operators { get; set; } = [];

    /// <summary>
    /// Whether the validated token's subject is one of <see cref="Operators"/>; anyone without a
    /// valid token is not. A blank entry (what an unset EVSYS_OPERATOR leaves in compose) names no one.
    /// </summary>
    public bool IsOperator(ClaimsPrincipal user) =>
        user.Username() is { } username && !string.IsNullOrWhiteSpace(username) && Operators.Contains(username, StringComparer.Ordinal);
}

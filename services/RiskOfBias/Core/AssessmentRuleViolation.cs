namespace EvSysReview.RiskOfBias.Core;

/// <summary>
/// A request breaks a rule of the tool or of the assessment workflow. <see cref="Field"/> names
/// what was wrong so the service can turn it into an RFC 7807 problem naming field and reason.
/// </summary>
public class AssessmentRuleViolation(string field, string reason) : Exception(reason)
{
    public string Field { get; } = field;

    public string Reason { get; } = reason;
}

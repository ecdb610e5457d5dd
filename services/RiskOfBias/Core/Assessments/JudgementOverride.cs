namespace EvSysReview.RiskOfBias.Core.Assessments;

/// <summary>
/// An assessor replacing a proposed judgement. The guidance allows it only with a justification,
/// so a blank reason is rejected at construction.
/// </summary>
public sealed record JudgementOverride
{
    public JudgementOverride(string judgement, string reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
            throw new AssessmentRuleViolation("reason", "Overriding a proposed judgement requires a reason.");
        Judgement = judgement;
        Reason = reason.Trim();
    }

    public string Judgement { get; }

    public string Reason { get; }
}

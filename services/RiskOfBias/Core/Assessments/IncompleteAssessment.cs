namespace EvSysReview.RiskOfBias.Core.Assessments;

/// <summary>
/// Submit or finalise refused a sheet that is not complete. Besides the sentence for a person,
/// <see cref="Unanswered"/> carries domain id → the applicable question ids still unanswered, so a
/// client can point at each question without parsing the text.
/// </summary>
public sealed class IncompleteAssessment(string field, string reason, IReadOnlyDictionary<string, IReadOnlyList<string>> unanswered)
    : AssessmentRuleViolation(field, reason)
{
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Unanswered { get; } = unanswered;
}

namespace EvSysReview.RiskOfBias.Core.Assessments;

/// <summary>A domain judgement the assessor states directly (domains without an algorithm, e.g. ROBINS-I).</summary>
public sealed record StatedJudgement(string Judgement, string? Support);

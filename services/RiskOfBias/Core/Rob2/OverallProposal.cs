namespace EvSysReview.RiskOfBias.Core.Rob2;

/// <summary>
/// The proposed overall judgement and the rule that produced it, in words an assessor can check
/// ("worst domain: D3 high", "escalated: 3 domains some_concerns ≥ 3"). Null judgement while a
/// domain lacks a judgement or when the tool has no overall judgement.
/// </summary>
public sealed record OverallProposal(string? Judgement, string Rule, bool IsEscalated);

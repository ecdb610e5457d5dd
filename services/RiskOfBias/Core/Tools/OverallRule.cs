namespace EvSysReview.RiskOfBias.Core.Tools;

/// <summary>How a tool derives the overall judgement from the domain judgements.</summary>
public enum OverallRuleKind
{
    /// <summary>No overall judgement (SYRCLE's authors advise against summary scores).</summary>
    None,

    /// <summary>The domain judgement with the highest <see cref="JudgementLevel.Rank"/>.</summary>
    Worst,
}

/// <summary>
/// Optional escalation: "at least <see cref="AtLeast"/> domains at <see cref="From"/> → propose
/// <see cref="To"/>". RoB 2 ships it with AtLeast = null (off) because the guidance leaves the
/// number to the reviewers; a protocol can switch it on (see docs/risk-of-bias.md).
/// </summary>
public sealed record OverallEscalation(string From, string To, int? AtLeast);

public sealed record OverallRule(OverallRuleKind Kind, OverallEscalation? Escalation);

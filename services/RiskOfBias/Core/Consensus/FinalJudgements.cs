using System.Collections.Immutable;
using EvSysReview.RiskOfBias.Core.Assessments;
using EvSysReview.RiskOfBias.Core.Tools;

namespace EvSysReview.RiskOfBias.Core.Consensus;

/// <summary>
/// The judgements a consensus was finalised with: every domain's, the overall (null for a tool
/// without one) and <see cref="HighRiskRule"/>'s flag. A finalised assessment is the record of
/// what the team agreed, so these are stored with it and read as stored: evaluating the consensus
/// again would let a later change of the evaluation rule change a finalised judgement silently
/// (ad4471b/e8e987f did: an override no longer stands in for unanswered questions).
/// </summary>
/// <param name="Domains">domain id → judgement; every domain of the tool has one.</param>
/// <param name="OverridesStoodIn">
/// domain id → the applicable questions left unanswered that the domain's override stood in for.
/// Empty except for an assessment finalised before that was refused (<see cref="UnderEarlierRule"/>).
/// </param>
public sealed record FinalJudgements(
    ImmutableDictionary<string, string> Domains,
    string? Overall,
    bool HighRisk,
    ImmutableDictionary<string, IReadOnlyList<string>> OverridesStoodIn)
{
    /// <summary>The judgements of a consensus being finalised now (complete under the current rule).</summary>
    public static FinalJudgements Of(RiskOfBiasTool tool, AssessmentResult result) =>
        Judged(tool, result.Domains.Select(d => (d.DomainId, d.Final)), result.OverallFinal, ImmutableDictionary<string, IReadOnlyList<string>>.Empty);

    /// <summary>
    /// An assessment finalised before its judgements were stored: its consensus under the rule it
    /// was finalised with (<see cref="EarlierRule"/>); for a consensus complete under today's rule
    /// that gives the same judgements. Where an override stood in for unanswered questions,
    /// <see cref="OverridesStoodIn"/> names them.
    /// </summary>
    public static FinalJudgements UnderEarlierRule(RiskOfBiasTool tool, AssessmentResult result, int? escalationAtLeast = null)
    {
        var stoodIn = result.Domains.Where(d => EarlierRule.StoodIn(d).Count > 0).ToImmutableDictionary(d => d.DomainId, EarlierRule.StoodIn);
        return Judged(tool, result.Domains.Select(d => (d.DomainId, EarlierRule.Judgement(d))), EarlierRule.Overall(tool, result, escalationAtLeast), stoodIn);
    }

    // Every domain (and the overall, where the tool has one) has its judgement: Finalise required it,
    // under today's rule or the earlier one. A gap is refused here rather than stored or published.
    private static FinalJudgements Judged(
        RiskOfBiasTool tool, IEnumerable<(string DomainId, string? Judgement)> domains, string? overall, ImmutableDictionary<string, IReadOnlyList<string>> stoodIn)
    {
        var judged = domains.ToImmutableDictionary(d => d.DomainId, d => d.Judgement
            ?? throw new AssessmentRuleViolation("consensus", $"{d.DomainId} has no judgement; a finalised assessment has one for every domain."));
        if (!tool.HasOverall) return new FinalJudgements(judged, null, HighRiskRule.IsHighRisk(tool, judged, null), stoodIn);
        if (overall is null) throw new AssessmentRuleViolation("consensus", "The overall has no judgement; a finalised assessment has one.");
        return new FinalJudgements(judged, overall, HighRiskRule.IsHighRisk(tool, judged, overall), stoodIn);
    }
}

using EvSysReview.RiskOfBias.Core.Rob2;
using EvSysReview.RiskOfBias.Core.Tools;

namespace EvSysReview.RiskOfBias.Core.Assessments;

/// <summary>
/// The evaluation rule before ad4471b, which an assessment finalised then is still read under
/// (its consensus and its assessors' sheets alike): a domain's judgement was its override, else its
/// stated judgement, else the proposal, even with an applicable question unanswered, and the overall
/// (its override, else the proposal) rested on those. Today such an override is held
/// (<see cref="DomainResult.OverrideHeld"/>); under this rule it stood in for the questions.
/// </summary>
public static class EarlierRule
{
    public static string? Judgement(DomainResult domain) => domain.Override?.Judgement ?? domain.Stated?.Judgement ?? domain.Proposal.Judgement;

    /// <summary>The unanswered questions the domain's override stood in for; empty when none did.</summary>
    public static IReadOnlyList<string> StoodIn(DomainResult domain) => domain.OverrideHeld ? domain.Proposal.UnansweredQuestions : [];

    /// <summary>The overall proposal from the domains' judgements under this rule.</summary>
    public static OverallProposal OverallProposal(RiskOfBiasTool tool, AssessmentResult result, int? escalationAtLeast = null) =>
        OverallJudgementProposer.Propose(tool, result.Domains.ToDictionary(d => d.DomainId, Judgement), escalationAtLeast);

    /// <summary>The overall override, else <see cref="OverallProposal"/>'s judgement; null while a domain has none.</summary>
    public static string? Overall(RiskOfBiasTool tool, AssessmentResult result, int? escalationAtLeast = null) =>
        result.OverallOverride?.Judgement ?? OverallProposal(tool, result, escalationAtLeast).Judgement;
}

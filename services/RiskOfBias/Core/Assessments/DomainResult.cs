using EvSysReview.RiskOfBias.Core.Rob2;

namespace EvSysReview.RiskOfBias.Core.Assessments;

/// <summary>
/// One domain of an evaluated sheet: what the tool proposes, what the assessor stated or
/// overrode, and the judgement that counts (<see cref="Final"/>: override, else stated, else proposed).
/// </summary>
public sealed record DomainResult(
    string DomainId,
    DomainProposal Proposal,
    StatedJudgement? Stated,
    JudgementOverride? Override)
{
    public string? Final => Override?.Judgement ?? Stated?.Judgement ?? Proposal.Judgement;
}

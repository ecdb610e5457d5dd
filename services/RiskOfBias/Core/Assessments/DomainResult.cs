using EvSysReview.RiskOfBias.Core.Rob2;

namespace EvSysReview.RiskOfBias.Core.Assessments;

/// <summary>
/// One domain of an evaluated sheet: what the tool proposes, what the assessor stated or
/// overrode, and the judgement that counts (<see cref="Final"/>).
/// </summary>
public sealed record DomainResult(
    string DomainId,
    DomainProposal Proposal,
    StatedJudgement? Stated,
    JudgementOverride? Override)
{
    /// <summary>
    /// The override, else the stated judgement, else the proposal; none while an applicable
    /// question is unanswered. The guidance rests a domain judgement on its signalling questions,
    /// so an override entered before they are answered is kept but not yet the judgement
    /// (<see cref="OverrideHeld"/>), exactly as a domain without one has no judgement yet.
    /// </summary>
    public string? Final => Proposal.UnansweredQuestions.Count > 0 ? null : Override?.Judgement ?? Stated?.Judgement ?? Proposal.Judgement;

    /// <summary>An override kept until the domain's unanswered questions (<see cref="DomainProposal.UnansweredQuestions"/>) are answered.</summary>
    public bool OverrideHeld => Override is not null && Proposal.UnansweredQuestions.Count > 0;
}

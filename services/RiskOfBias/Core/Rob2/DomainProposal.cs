namespace EvSysReview.RiskOfBias.Core.Rob2;

/// <summary>
/// What the tool's algorithm proposes for one domain. <see cref="Judgement"/> is null while
/// <see cref="UnansweredQuestions"/> lists applicable questions still to answer, or when the
/// domain has no algorithm (the assessor then states the judgement). <see cref="Basis"/> cites the
/// decision-table rows (e.g. "D2.P1.R4", "D2.P2.R1") or answer mapping that produced it.
/// </summary>
public sealed record DomainProposal(
    string DomainId,
    string? Judgement,
    IReadOnlyList<string> Basis,
    IReadOnlyList<string> UnansweredQuestions);

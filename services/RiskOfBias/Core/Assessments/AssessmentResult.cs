using EvSysReview.RiskOfBias.Core.Rob2;

namespace EvSysReview.RiskOfBias.Core.Assessments;

/// <summary>An evaluated sheet: per-domain results and the overall proposal and final judgement.</summary>
public sealed record AssessmentResult(
    string ToolId,
    IReadOnlyList<DomainResult> Domains,
    OverallProposal OverallProposal,
    JudgementOverride? OverallOverride)
{
    /// <summary>
    /// The overall override, else the proposal; none while a domain is incomplete. The overall
    /// judgement rests on the domain judgements, so an overall override entered before they are
    /// all settled is kept but held (<see cref="OverallOverrideHeld"/>), as the proposal waits.
    /// </summary>
    public string? OverallFinal => IncompleteDomains.Count > 0 ? null : OverallOverride?.Judgement ?? OverallProposal.Judgement;

    /// <summary>An overall override kept until every domain has its judgement.</summary>
    public bool OverallOverrideHeld => OverallOverride is not null && IncompleteDomains.Count > 0;

    /// <summary>
    /// Domains not assessed yet: an applicable question unanswered (overridden or not: an override
    /// answers none of the questions, see <see cref="DomainResult.Final"/>), or no judgement.
    /// </summary>
    public IReadOnlyList<DomainResult> IncompleteDomains => Domains.Where(d => d.Final is null).ToList();

    /// <summary>Every domain is assessed (see <see cref="IncompleteDomains"/>), and the overall judged where the tool has one.</summary>
    public bool IsComplete(bool toolHasOverall) =>
        IncompleteDomains.Count == 0 && (!toolHasOverall || OverallFinal is not null);

    /// <summary>The completeness rule of Submit and Finalise: throws naming each incomplete domain and its open questions.</summary>
    /// <param name="field">what is incomplete: "sheet" (an assessor's) or "consensus".</param>
    public void RequireComplete(string field)
    {
        var incomplete = IncompleteDomains;
        if (incomplete.Count == 0) return;
        var gaps = incomplete.Select(d => d.Proposal.UnansweredQuestions.Count > 0
            ? $"{d.DomainId} (answer {string.Join(", ", d.Proposal.UnansweredQuestions)})"
            : $"{d.DomainId} (state a judgement)");
        throw new IncompleteAssessment(field, $"Not complete: {string.Join("; ", gaps)}.",
            incomplete.Where(d => d.Proposal.UnansweredQuestions.Count > 0).ToDictionary(d => d.DomainId, d => d.Proposal.UnansweredQuestions));
    }

    public DomainResult Domain(string domainId) =>
        Domains.FirstOrDefault(d => d.DomainId == domainId)
        ?? throw new AssessmentRuleViolation("domainId", $"No domain '{domainId}' in this assessment.");
}

using EvSysReview.RiskOfBias.Core.Rob2;

namespace EvSysReview.RiskOfBias.Core.Assessments;

/// <summary>An evaluated sheet: per-domain results and the overall proposal and final judgement.</summary>
public sealed record AssessmentResult(
    string ToolId,
    IReadOnlyList<DomainResult> Domains,
    OverallProposal OverallProposal,
    JudgementOverride? OverallOverride)
{
    public string? OverallFinal => OverallOverride?.Judgement ?? OverallProposal.Judgement;

    /// <summary>
    /// Domains not assessed yet: an applicable question unanswered, or no judgement. An override
    /// changes a domain's judgement but answers none of its questions, and the guidance rests the
    /// judgement on those answers, so an overridden domain with a question open is still here.
    /// </summary>
    public IReadOnlyList<DomainResult> IncompleteDomains =>
        Domains.Where(d => d.Proposal.UnansweredQuestions.Count > 0 || d.Final is null).ToList();

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

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

    /// <summary>Every domain has a judgement (and the overall too, where the tool has one).</summary>
    public bool IsComplete(bool toolHasOverall) =>
        Domains.All(d => d.Final is not null) && (!toolHasOverall || OverallFinal is not null);

    public DomainResult Domain(string domainId) =>
        Domains.FirstOrDefault(d => d.DomainId == domainId)
        ?? throw new AssessmentRuleViolation("domainId", $"No domain '{domainId}' in this assessment.");
}

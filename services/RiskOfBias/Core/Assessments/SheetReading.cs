using EvSysReview.RiskOfBias.Core.Rob2;
using EvSysReview.RiskOfBias.Core.Tools;

namespace EvSysReview.RiskOfBias.Core.Assessments;

/// <summary>
/// A sheet evaluated under the rule it is read with: today's, or <see cref="EarlierRule"/>, under
/// which an override stood in for unanswered questions. An assessor's evaluation, the differences
/// and the CSV's assessor columns all read an assessor's judgements from here, so none of them can
/// read a sheet under one rule while another reads it under the other.
/// </summary>
public sealed class SheetReading
{
    private readonly bool _toolHasOverall;

    private SheetReading(AnswerSheet sheet, AssessmentResult result, bool underEarlierRule, bool toolHasOverall, OverallProposal overallProposal, string? overall)
    {
        Sheet = sheet;
        Result = result;
        UnderEarlierRule = underEarlierRule;
        _toolHasOverall = toolHasOverall;
        OverallProposal = overallProposal;
        Overall = overall;
    }

    public AnswerSheet Sheet { get; }

    /// <summary>The sheet under today's rule (proposals, overrides, what is held).</summary>
    public AssessmentResult Result { get; }

    public bool UnderEarlierRule { get; }

    /// <summary>The overall proposal from the domains' judgements under the rule read with.</summary>
    public OverallProposal OverallProposal { get; }

    /// <summary>The overall judgement (null for a tool without one, and while a domain has none).</summary>
    public string? Overall { get; }

    public static SheetReading Of(RiskOfBiasTool tool, AnswerSheet sheet, bool underEarlierRule, int? escalationAtLeast = null)
    {
        var result = AssessmentEvaluator.Evaluate(tool, sheet, escalationAtLeast);
        return underEarlierRule
            ? new(sheet, result, true, tool.HasOverall, EarlierRule.OverallProposal(tool, result, escalationAtLeast), tool.HasOverall ? EarlierRule.Overall(tool, result, escalationAtLeast) : null)
            : new(sheet, result, false, tool.HasOverall, result.OverallProposal, tool.HasOverall ? result.OverallFinal : null);
    }

    public string? Judgement(DomainResult domain) => UnderEarlierRule ? EarlierRule.Judgement(domain) : domain.Final;

    public string? Judgement(string domainId) => Judgement(Result.Domain(domainId));

    /// <summary>The unanswered questions the domain's override stood in for; empty under today's rule, which holds it instead.</summary>
    public IReadOnlyList<string> StoodIn(DomainResult domain) => UnderEarlierRule ? EarlierRule.StoodIn(domain) : [];

    /// <summary>An override waiting for its questions: only under today's rule.</summary>
    public bool OverrideHeld(DomainResult domain) => !UnderEarlierRule && domain.OverrideHeld;

    public bool OverallOverrideHeld => !UnderEarlierRule && Result.OverallOverrideHeld;

    /// <summary>Every domain has its judgement, and the overall where the tool has one.</summary>
    public bool IsComplete => Result.Domains.All(d => Judgement(d) is not null) && (!_toolHasOverall || Overall is not null);
}

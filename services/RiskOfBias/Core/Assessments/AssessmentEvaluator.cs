using EvSysReview.RiskOfBias.Core.Rob2;
using EvSysReview.RiskOfBias.Core.Tools;

namespace EvSysReview.RiskOfBias.Core.Assessments;

/// <summary>Turns a sheet of answers into proposed and final judgements.</summary>
public static class AssessmentEvaluator
{
    /// <param name="escalationAtLeast">the review protocol's "≥ N domains some concerns → high" threshold, if it set one.</param>
    public static AssessmentResult Evaluate(RiskOfBiasTool tool, AnswerSheet sheet, int? escalationAtLeast = null)
    {
        var answers = sheet.AnswerCodes;
        var domains = tool.Domains.Select(d => new DomainResult(
            d.Id,
            DomainJudgementProposer.Propose(tool, d, answers),
            sheet.StatedJudgements.GetValueOrDefault(d.Id),
            sheet.Overrides.GetValueOrDefault(d.Id))).ToList();

        var overall = OverallJudgementProposer.Propose(
            tool, domains.ToDictionary(d => d.DomainId, d => d.Final), escalationAtLeast);
        return new AssessmentResult(tool.Id, domains, overall, tool.HasOverall ? sheet.OverallOverride : null);
    }
}

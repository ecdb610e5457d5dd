using EvSysReview.RiskOfBias.Core;
using EvSysReview.RiskOfBias.Core.Assessments;
using EvSysReview.RiskOfBias.Core.Tools;

namespace EvSysReview.RiskOfBias.Assessments;

/// <summary>
/// The completeness rule of DualAssessment.Submit, for a lone assessor who submits before a second
/// one joins (same wording, so the client sees one message either way).
/// </summary>
internal static class SheetCompleteness
{
    public static void Require(RiskOfBiasTool tool, AnswerSheet sheet, string field)
    {
        var gaps = AssessmentEvaluator.Evaluate(tool, sheet).Domains.Where(d => d.Final is null)
            .Select(d => d.Proposal.UnansweredQuestions.Count > 0
                ? $"{d.DomainId} (answer {string.Join(", ", d.Proposal.UnansweredQuestions)})"
                : $"{d.DomainId} (state a judgement)")
            .ToList();
        if (gaps.Count > 0) throw new AssessmentRuleViolation(field, $"Not complete: {string.Join("; ", gaps)}.");
    }
}

using EvSysReview.RiskOfBias.Core.Assessments;
using EvSysReview.RiskOfBias.Core.Tools;

namespace EvSysReview.RiskOfBias.Core.Consensus;

/// <summary>Lists, item by item in tool order, where two assessors' answers and judgements differ.</summary>
public static class AssessmentComparison
{
    public static IReadOnlyList<Difference> Compare(RiskOfBiasTool tool, AnswerSheet first, AnswerSheet second, int? escalationAtLeast = null)
    {
        var firstResult = AssessmentEvaluator.Evaluate(tool, first, escalationAtLeast);
        var secondResult = AssessmentEvaluator.Evaluate(tool, second, escalationAtLeast);
        var differences = new List<Difference>();

        foreach (var domain in tool.Domains)
        {
            foreach (var question in domain.Questions)
            {
                var a = first.Answers.GetValueOrDefault(question.Id)?.Answer;
                var b = second.Answers.GetValueOrDefault(question.Id)?.Answer;
                if (a != b)
                    differences.Add(new Difference(DifferenceKind.Answer, domain.Id, question.Id, a, b));
            }

            var judgementA = firstResult.Domain(domain.Id).Final;
            var judgementB = secondResult.Domain(domain.Id).Final;
            if (judgementA != judgementB)
                differences.Add(new Difference(DifferenceKind.DomainJudgement, domain.Id, domain.Id, judgementA, judgementB));
        }

        if (tool.HasOverall && firstResult.OverallFinal != secondResult.OverallFinal)
            differences.Add(new Difference(DifferenceKind.OverallJudgement, ConsensusItem.Overall, ConsensusItem.Overall, firstResult.OverallFinal, secondResult.OverallFinal));

        return differences;
    }
}

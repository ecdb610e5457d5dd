using EvSysReview.RiskOfBias.Core.Assessments;
using EvSysReview.RiskOfBias.Core.Tools;

namespace EvSysReview.RiskOfBias.Core.Consensus;

/// <summary>
/// Lists, item by item in tool order, where two assessors' answers and judgements differ. The
/// judgements are those of each sheet as read (<see cref="SheetReading"/>), as its evaluation shows them.
/// </summary>
public static class AssessmentComparison
{
    public static IReadOnlyList<Difference> Compare(RiskOfBiasTool tool, SheetReading firstReading, SheetReading secondReading)
    {
        var (first, second) = (firstReading.Sheet, secondReading.Sheet);
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

            var judgementA = firstReading.Judgement(domain.Id);
            var judgementB = secondReading.Judgement(domain.Id);
            if (judgementA != judgementB)
                differences.Add(new Difference(DifferenceKind.DomainJudgement, domain.Id, domain.Id, judgementA, judgementB));
        }

        if (tool.HasOverall && firstReading.Overall != secondReading.Overall)
            differences.Add(new Difference(DifferenceKind.OverallJudgement, ConsensusItem.Overall, ConsensusItem.Overall, firstReading.Overall, secondReading.Overall));

        return differences;
    }
}

using EvSysReview.RiskOfBias.Core.Tools;

namespace EvSysReview.RiskOfBias.Core.Plots;

/// <summary>The numbers behind the summary plot, also useful on their own (API, reports).</summary>
public static class SummaryPercentages
{
    public static IReadOnlyList<DomainShares> Compute(RiskOfBiasTool tool, IReadOnlyList<StudyJudgements> studies, bool weighted = false)
    {
        if (weighted && studies.Any(s => !double.IsFinite(s.Weight) || s.Weight < 0))
            throw new AssessmentRuleViolation("weight", "Study weights must be finite and not negative.");

        var rows = tool.Domains.Select(d => Shares(tool, d.Id, d.ShortName, studies, s => s.DomainJudgements.GetValueOrDefault(d.Id), weighted)).ToList();
        if (tool.HasOverall)
            rows.Add(Shares(tool, "overall", "Overall", studies, s => s.Overall, weighted));
        return rows;
    }

    private static DomainShares Shares(
        RiskOfBiasTool tool, string domainId, string label, IReadOnlyList<StudyJudgements> studies, Func<StudyJudgements, string?> judgementOf, bool weighted)
    {
        var judged = studies.Where(s => judgementOf(s) is not null).ToList();
        double WeightOf(StudyJudgements s) => weighted ? s.Weight : 1;
        var total = judged.Sum(WeightOf);

        var shares = tool.Scale.Select(level =>
        {
            var at = judged.Where(s => judgementOf(s) == level.Code).ToList();
            var percent = total > 0 ? 100 * at.Sum(WeightOf) / total : 0;
            return new JudgementShare(level.Code, percent, at.Count);
        }).ToList();

        return new DomainShares(domainId, label, shares, judged.Count, studies.Count - judged.Count);
    }
}

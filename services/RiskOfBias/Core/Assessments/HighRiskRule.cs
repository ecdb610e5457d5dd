using EvSysReview.RiskOfBias.Core.Tools;

namespace EvSysReview.RiskOfBias.Core.Assessments;

/// <summary>
/// RiskOfBiasAssessed.HighRisk, the flag the synthesis uses for "sensitivity analysis excluding
/// studies at high risk of bias". With an overall judgement: overall at or above the scale's
/// "high"/"serious" rank. SYRCLE has no overall judgement (its authors advise against summary
/// scores), so a study counts as high risk when any item is judged high.
/// </summary>
public static class HighRiskRule
{
    private static readonly string[] HighCodes = ["high", "serious"];

    /// <param name="domains">domain id → judgement.</param>
    public static bool IsHighRisk(RiskOfBiasTool tool, IReadOnlyDictionary<string, string> domains, string? overall)
    {
        var threshold = tool.Scale.Where(l => HighCodes.Contains(l.Code)).Select(l => (int?)l.Rank).Min();
        if (threshold is null) return false;
        bool AtLeastHigh(string? code) => code is not null && tool.IsJudgement(code) && tool.Level(code).Rank >= threshold;
        return tool.HasOverall ? AtLeastHigh(overall) : domains.Values.Any(AtLeastHigh);
    }
}

using EvSysReview.RiskOfBias.Core.Tools;

namespace EvSysReview.RiskOfBias.Core.Rob2;

/// <summary>
/// Overall judgement = the least favourable domain judgement (RoB 2: Handbook Table 8.2.b;
/// ROBINS-I: Sterne 2016 Table 3, where "no information" ranks above moderate and below serious
/// so it never hides a serious or critical domain). Optionally escalated when many domains share
/// a middle judgement — a proposal the assessor confirms or overrides.
/// </summary>
public static class OverallJudgementProposer
{
    /// <param name="domainJudgements">domain id → final domain judgement (null = not judged yet).</param>
    /// <param name="escalationAtLeast">overrides the tool's escalation threshold (from the review protocol); null keeps the tool's.</param>
    public static OverallProposal Propose(
        RiskOfBiasTool tool, IReadOnlyDictionary<string, string?> domainJudgements, int? escalationAtLeast = null)
    {
        if (!tool.HasOverall)
            return new OverallProposal(null, "tool has no overall judgement", false);

        var missing = tool.Domains.Where(d => !domainJudgements.TryGetValue(d.Id, out var j) || j is null).Select(d => d.Id).ToList();
        if (missing.Count > 0)
            return new OverallProposal(null, $"waiting for {string.Join(", ", missing)}", false);

        var levels = tool.Domains.Select(d => (d.Id, Level: tool.Level(domainJudgements[d.Id]!))).ToList();
        var worst = levels.MaxBy(l => l.Level.Rank).Level;
        var worstDomains = levels.Where(l => l.Level.Rank == worst.Rank).Select(l => l.Id);
        var worstRule = $"least favourable domain judgement: {worst.Code} ({string.Join(", ", worstDomains)})";

        if (tool.Overall.Escalation is { } escalation && (escalationAtLeast ?? escalation.AtLeast) is int threshold)
        {
            var count = levels.Count(l => l.Level.Code == escalation.From);
            var target = tool.Level(escalation.To);
            if (count >= threshold && target.Rank > worst.Rank)
                return new OverallProposal(target.Code, $"{count} domains {escalation.From} (threshold {threshold}) → {target.Code}; confirm or override with a reason", true);
        }

        return new OverallProposal(worst.Code, worstRule, false);
    }
}

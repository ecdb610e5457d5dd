using EvSysReview.RiskOfBias.Core.Plots;
using EvSysReview.RiskOfBias.Core.Tools;

namespace EvSysReview.RiskOfBias.Core.Tests.Plots;

internal static class PlotStudies
{
    // Five RoB 2 studies; the label of the third carries XML metacharacters on purpose.
    public static IReadOnlyList<StudyJudgements> FiveRob2 =>
    [
        Study("Smith 2019", "low low low low low", "low", 120),
        Study("Chen 2020", "some_concerns low low high low", "high", 60),
        Study("O'Brien & <Lee> 2021", "low some_concerns low low some_concerns", "some_concerns", 30),
        Study("Garcia 2022", "high low some_concerns low low", "high", 60),
        Study("Kowalski 2023", "low low low low null", null, 30),
    ];

    // Deterministic pseudo-random judgements for the 200-study layout check.
    public static IReadOnlyList<StudyJudgements> Many(RiskOfBiasTool tool, int count)
    {
        var random = new Random(20250101);
        return Enumerable.Range(1, count).Select(i =>
        {
            var domains = tool.Domains.ToDictionary(d => d.Id, d => (string?)tool.Scale[random.Next(tool.Scale.Count)].Code);
            var overall = tool.HasOverall ? tool.Scale.MaxBy(l => domains.Values.Max(v => tool.Level(v!).Rank) == l.Rank ? 1 : 0)!.Code : null;
            return new StudyJudgements($"Study {i:000} (Author et al. {1990 + i % 35})", domains, overall);
        }).ToList();
    }

    private static StudyJudgements Study(string label, string domains, string? overall, double weight) =>
        new(label,
            domains.Split(' ').Select((j, i) => (Id: $"D{i + 1}", J: j == "null" ? null : j)).ToDictionary(p => p.Id, p => p.J),
            overall, weight);
}

using System.Globalization;
using System.Text.Json;
using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.Synthesis.Versions;

/// <summary>
/// What changed from one version to another, per analysis (matched by id): studies added and
/// removed (by study, not by row), newly retracted studies, k, the pooled estimate and I² before
/// → after, and the sensitivity analysis; plus the sentences a reader gets in the summary.
/// </summary>
public sealed record VersionDiff(int From, int To, IReadOnlyList<AnalysisChange> Analyses, IReadOnlyList<string> Summary)
{
    public static VersionDiff Between(int from, IReadOnlyList<Analysis> before, int to, IReadOnlyList<Analysis> after)
    {
        var changes = new List<AnalysisChange>();
        foreach (var id in before.Select(a => a.Id).Union(after.Select(a => a.Id)).Order(StringComparer.Ordinal))
        {
            var a = before.FirstOrDefault(x => x.Id == id);
            var b = after.FirstOrDefault(x => x.Id == id);
            var kind = (a, b) switch
            {
                (null, _) => "added",
                (_, null) => "removed",
                _ when Json(a) == Json(b) => "unchanged",
                _ => "changed",
            };
            if (kind == "unchanged") continue;
            var studiesBefore = Studies(a);
            var studiesAfter = Studies(b);
            changes.Add(new AnalysisChange(
                id,
                (b ?? a)!.Outcome,
                kind,
                (b ?? a)!.Measure,
                studiesAfter.Where(s => !studiesBefore.ContainsKey(s.Key)).Select(s => s.Value).ToList(),
                studiesBefore.Where(s => !studiesAfter.ContainsKey(s.Key)).Select(s => s.Value).ToList(),
                (b?.Studies ?? []).Where(s => s.Retracted && !(a?.Studies ?? []).Any(x => x.StudyId == s.StudyId && x.Retracted)).Select(s => s.StudyLabel).Distinct().ToList(),
                a?.StudyCount, b?.StudyCount,
                a?.Result?.Estimate, b?.Result?.Estimate,
                a?.Result?.I2, b?.Result?.I2,
                a?.Sensitivity?.Result?.Estimate, b?.Sensitivity?.Result?.Estimate));
        }

        var summary = changes.Select(Sentence).ToList();
        if (summary.Count == 0) summary.Add("No analysis changed.");
        return new VersionDiff(from, to, changes, summary);
    }

    private static Dictionary<Guid, string> Studies(Analysis? analysis) =>
        (analysis?.Studies ?? []).GroupBy(s => s.StudyId).ToDictionary(g => g.Key, g => g.First().StudyLabel);

    private static string Json(Analysis analysis) => JsonSerializer.Serialize(analysis, StoreJson.Options);

    private static string Sentence(AnalysisChange c)
    {
        if (c.Change == "added")
            return c.EstimateAfter is { } estimate
                ? $"{c.Outcome}: new analysis of {c.KAfter} studies, {c.Measure} {F(estimate)}, I² {P(c.I2After)}."
                : $"{c.Outcome}: new analysis of {c.KAfter} studies (no pooled estimate).";
        if (c.Change == "removed") return $"{c.Outcome}: analysis removed (fewer than 2 studies remain).";

        var parts = new List<string>();
        if (c.StudiesAdded.Count > 0) parts.Add($"{Count(c.StudiesAdded.Count)} added ({string.Join(", ", c.StudiesAdded)})");
        if (c.StudiesRemoved.Count > 0) parts.Add($"{Count(c.StudiesRemoved.Count)} removed ({string.Join(", ", c.StudiesRemoved)})");
        if (c.Retracted.Count > 0) parts.Add($"retracted: {string.Join(", ", c.Retracted)} (flagged, still analysed)");
        if (c.EstimateBefore != c.EstimateAfter) parts.Add($"{c.Measure} {F(c.EstimateBefore)} → {F(c.EstimateAfter)}");
        if (c.I2Before != c.I2After) parts.Add($"I² {P(c.I2Before)} → {P(c.I2After)}");
        if (c.SensitivityBefore != c.SensitivityAfter) parts.Add($"without high-risk studies {F(c.SensitivityBefore)} → {F(c.SensitivityAfter)}");
        if (parts.Count == 0) parts.Add("inputs changed, pooled estimate unchanged");
        return $"{c.Outcome}: {string.Join("; ", parts)}.";
    }

    private static string Count(int n) => n == 1 ? "1 study" : $"{n} studies";

    private static string F(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "none";

    private static string P(double? value) => value is { } v ? v.ToString("0", CultureInfo.InvariantCulture) + "%" : "none";
}

public sealed record AnalysisChange(
    string Id,
    string Outcome,
    string Change,
    string Measure,
    IReadOnlyList<string> StudiesAdded,
    IReadOnlyList<string> StudiesRemoved,
    IReadOnlyList<string> Retracted,
    int? KBefore,
    int? KAfter,
    double? EstimateBefore,
    double? EstimateAfter,
    double? I2Before,
    double? I2After,
    double? SensitivityBefore,
    double? SensitivityAfter);

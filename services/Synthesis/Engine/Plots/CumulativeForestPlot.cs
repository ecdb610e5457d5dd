using System.Globalization;
using EvSysReview.Synthesis.Engine.Sensitivity;

namespace EvSysReview.Synthesis.Engine.Plots;

/// <summary>
/// Cumulative forest plot: row j shows the pooled estimate and CI after adding the j-th study in
/// date order, labelled "+ study"; the right column gives the estimate and k.
/// </summary>
public static class CumulativeForestPlot
{
    public static string Render(IReadOnlyList<SensitivityRow> cumulative, ForestPlotOptions? options = null)
    {
        options ??= new ForestPlotOptions();
        var rows = cumulative
            .Select(r => (ForestRow)new EstimateRow($"+ {r.StudyLabel}", r.Result.Estimate, r.Result.CiLower, r.Result.CiUpper, null))
            .ToList();
        if (cumulative.Count > 0)
        {
            var last = cumulative[^1].Result;
            rows.Add(new BlankRow());
            rows.Add(new TextRow(string.Create(CultureInfo.InvariantCulture, $"After {last.K} studies: {StatisticText.Heterogeneity(last)}"), Italic: true, Size: 10.5));
        }

        var level = cumulative.Count > 0 ? cumulative[0].Result.Level : 0.95;
        return ForestLayout.Render(rows, options, showWeights: false, "Cumulative " + ForestLayout.EstimateHeader(options.Scale, level));
    }
}

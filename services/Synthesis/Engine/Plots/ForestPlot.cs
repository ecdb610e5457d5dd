using System.Globalization;
using EvSysReview.Synthesis.Engine.Models;
using EvSysReview.Synthesis.Engine.Moderators;

namespace EvSysReview.Synthesis.Engine.Plots;

/// <summary>
/// Forest plot as an SVG string: one row per study (square sized by weight, CI line), weight and
/// estimate columns, the pooled diamond, the prediction interval and the heterogeneity line; with
/// subgroups, one block per subgroup with its own diamond, then the overall result and the test for
/// subgroup differences.
/// </summary>
public static class ForestPlot
{
    public static string Render(MetaAnalysisResult result, ForestPlotOptions? options = null)
    {
        options ??= new ForestPlotOptions();
        var rows = new List<ForestRow>();
        rows.AddRange(ForestLayout.Studies(result));
        rows.Add(new BlankRow());
        rows.AddRange(ForestLayout.Summary(result, StatisticText.ModelName(result), bold: true));
        return ForestLayout.Render(rows, options, showWeights: true, ForestLayout.EstimateHeader(options.Scale, result.Level));
    }

    public static string Render(SubgroupResult result, ForestPlotOptions? options = null)
    {
        options ??= new ForestPlotOptions();
        var rows = new List<ForestRow>();
        foreach (var subgroup in result.Subgroups)
        {
            rows.Add(new TextRow(subgroup.Name, Bold: true, Size: 12));
            rows.AddRange(ForestLayout.Studies(subgroup.Result));
            rows.AddRange(ForestLayout.Summary(subgroup.Result, $"Subtotal ({subgroup.Name}, k = {subgroup.Result.K})", bold: false)
                .Where(r => r is not PredictionRow));
            rows.Add(new BlankRow());
        }

        rows.AddRange(ForestLayout.Summary(result.Overall, $"Overall: {StatisticText.ModelName(result.Overall)}", bold: true));
        rows.Add(new TextRow(
            string.Create(CultureInfo.InvariantCulture, $"Test for subgroup differences: Q = {result.QBetween:0.##} (df = {result.QBetweenDf}, {StatisticText.PValue(result.QBetweenP)})"),
            Italic: true,
            Size: 10.5));
        return ForestLayout.Render(rows, options, showWeights: true, ForestLayout.EstimateHeader(options.Scale, result.Overall.Level));
    }
}

using EvSysReview.Synthesis.Engine.Models;

namespace EvSysReview.Synthesis.Engine.Plots;

/// <summary>
/// Draws rows as a forest plot: labels left, intervals on a shared axis in the middle, weight and
/// "estimate [CI]" columns right, axis with the line of no effect at the bottom.
/// </summary>
internal static class ForestLayout
{
    private const double Width = 920;
    private const double RowHeight = 22;
    private const double FirstHeaderBaseline = 50;
    private const double HeaderLineHeight = 14;
    private const double PlotLeft = 290;
    private const double PlotRight = 640;
    private const double WeightColumnRight = 718;
    private const double EstimateColumnRight = 905;

    // The estimate header wraps inside its own column so it never runs into "Weight" (or, without
    // weights, into the plot); 0.62 em per character is a safe average for bold Helvetica/Arial.
    private const double HeaderColumnLeft = WeightColumnRight + 12;
    private const double HeaderCharWidth = 0.62 * 12;
    private const double MaxSquare = 16;
    private const double MinSquare = 4;
    private const string Ink = "#1f2937";
    private const string Accent = "#1d4ed8";

    public static string Render(IReadOnlyList<ForestRow> rows, ForestPlotOptions options, bool showWeights, string estimateHeader)
    {
        var headerLines = HeaderLines(estimateHeader);
        var headerBaseline = FirstHeaderBaseline + (headerLines.Count - 1) * HeaderLineHeight;
        var top = headerBaseline + 14;
        var height = top + rows.Count * RowHeight + 90;
        var canvas = new SvgCanvas(Width, height);
        var axis = AxisFor(rows);
        var scale = options.Scale;

        if (options.Title.Length > 0)
        {
            canvas.Text(12, 24, options.Title, size: 15, bold: true);
        }

        canvas.Text(12, top - 14, "Study", bold: true);
        if (showWeights)
        {
            canvas.Text(WeightColumnRight, top - 14, "Weight", anchor: "end", bold: true);
        }

        for (var line = 0; line < headerLines.Count; line++)
        {
            canvas.Text(EstimateColumnRight, FirstHeaderBaseline + line * HeaderLineHeight, headerLines[line], anchor: "end", bold: true);
        }

        canvas.Line(12, top - 8, EstimateColumnRight, top - 8, "#9ca3af");

        var maxWeight = rows.OfType<EstimateRow>().Select(r => r.Weight ?? 0).DefaultIfEmpty(0).Max();
        var bottom = top + rows.Count * RowHeight;
        var nullX = axis.ToPixel(scale.NullValue);
        if (nullX >= PlotLeft && nullX <= PlotRight)
        {
            canvas.Line(nullX, top - 4, nullX, bottom, "#6b7280", 1, "3,3");
        }

        for (var i = 0; i < rows.Count; i++)
        {
            var y = top + i * RowHeight + RowHeight / 2;
            switch (rows[i])
            {
                case EstimateRow r:
                    canvas.Text(12, y + 4, r.Label);
                    DrawInterval(canvas, axis, r.Lower, r.Upper, y, Ink);
                    var side = r.Weight is { } w && maxWeight > 0 ? MinSquare + (MaxSquare - MinSquare) * Math.Sqrt(w / maxWeight) : 7;
                    canvas.Rect(Clamp(axis.ToPixel(r.Estimate)) - side / 2, y - side / 2, side, side, Ink);
                    if (showWeights && r.Weight is { } weight)
                    {
                        canvas.Text(WeightColumnRight, y + 4, $"{weight:0.0}%".Replace(',', '.'), anchor: "end");
                    }

                    canvas.Text(EstimateColumnRight, y + 4, scale.FormatInterval(r.Estimate, r.Lower, r.Upper), anchor: "end");
                    break;
                case DiamondRow d:
                    canvas.Text(12, y + 4, d.Label, bold: d.Bold);
                    canvas.Polygon(
                        [(Clamp(axis.ToPixel(d.Lower)), y), (Clamp(axis.ToPixel(d.Estimate)), y - 7), (Clamp(axis.ToPixel(d.Upper)), y), (Clamp(axis.ToPixel(d.Estimate)), y + 7)],
                        Accent);
                    if (showWeights)
                    {
                        canvas.Text(WeightColumnRight, y + 4, "100%", anchor: "end", bold: d.Bold);
                    }

                    canvas.Text(EstimateColumnRight, y + 4, scale.FormatInterval(d.Estimate, d.Lower, d.Upper), anchor: "end", bold: d.Bold);
                    break;
                case PredictionRow p:
                    canvas.Text(12, y + 4, p.Label, italic: true);
                    DrawInterval(canvas, axis, p.Lower, p.Upper, y, Accent, capped: true);
                    canvas.Text(EstimateColumnRight, y + 4, $"[{scale.Format(p.Lower)}, {scale.Format(p.Upper)}]", anchor: "end", italic: true);
                    break;
                case TextRow t:
                    canvas.Text(12, y + 4, t.Text, size: t.Size, bold: t.Bold, italic: t.Italic);
                    break;
            }
        }

        DrawAxis(canvas, axis, bottom + 6, options);
        return canvas.ToString();
    }

    /// <summary>The header split at spaces into lines that fit between the weight column and the right edge.</summary>
    internal static IReadOnlyList<string> HeaderLines(string header)
    {
        var maxChars = (int)((EstimateColumnRight - HeaderColumnLeft) / HeaderCharWidth);
        var lines = new List<string>();
        var current = "";
        foreach (var word in header.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = current.Length == 0 ? word : current + " " + word;
            if (candidate.Length > maxChars && current.Length > 0)
            {
                lines.Add(current);
                current = word;
            }
            else
            {
                current = candidate;
            }
        }

        lines.Add(current);
        return lines;
    }

    private static double Clamp(double x) => Math.Clamp(x, PlotLeft, PlotRight);

    private static void DrawInterval(SvgCanvas canvas, LinearAxis axis, double lower, double upper, double y, string colour, bool capped = false)
    {
        double x1 = axis.ToPixel(lower), x2 = axis.ToPixel(upper);
        canvas.Line(Clamp(x1), y, Clamp(x2), y, colour, capped ? 1.5 : 1.2);
        // Arrowheads where an interval runs off the axis; end caps otherwise for prediction intervals.
        if (x1 < PlotLeft) canvas.Polygon([(PlotLeft, y), (PlotLeft + 6, y - 4), (PlotLeft + 6, y + 4)], colour);
        else if (capped) canvas.Line(x1, y - 4, x1, y + 4, colour, 1.5);
        if (x2 > PlotRight) canvas.Polygon([(PlotRight, y), (PlotRight - 6, y - 4), (PlotRight - 6, y + 4)], colour);
        else if (capped) canvas.Line(x2, y - 4, x2, y + 4, colour, 1.5);
    }

    private static void DrawAxis(SvgCanvas canvas, LinearAxis axis, double y, ForestPlotOptions options)
    {
        canvas.Line(PlotLeft, y, PlotRight, y, Ink);
        foreach (var tick in options.Scale.Ticks(axis))
        {
            var x = axis.ToPixel(tick);
            canvas.Line(x, y, x, y + 5, Ink);
            canvas.Text(x, y + 18, TickLabel(options.Scale, tick), anchor: "middle", size: 10);
        }

        canvas.Text((PlotLeft + PlotRight) / 2, y + 36, options.Scale.Label + (options.Scale.Exponentiate ? " (log scale)" : ""), anchor: "middle", size: 11);
        if (options.FavoursLeft is { } left)
        {
            canvas.Text(PlotLeft, y + 54, "← " + left, size: 10, italic: true);
        }

        if (options.FavoursRight is { } right)
        {
            canvas.Text(PlotRight, y + 54, right + " →", anchor: "end", size: 10, italic: true);
        }
    }

    internal static string TickLabel(EffectScale scale, double tick) =>
        scale.Exponentiate
            ? Math.Exp(tick).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)
            : tick.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

    private static LinearAxis AxisFor(IReadOnlyList<ForestRow> rows)
    {
        var values = rows.SelectMany(r => r switch
        {
            EstimateRow e => new[] { e.Lower, e.Upper },
            DiamondRow d => [d.Lower, d.Upper],
            PredictionRow p => [p.Lower, p.Upper],
            _ => [],
        }).Append(0).ToList();
        return new LinearAxis(values.Min(), values.Max(), PlotLeft, PlotRight);
    }

    public static string EstimateHeader(EffectScale scale, double level) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{scale.Label} [{level * 100:0.#}% CI]");

    // Study CIs are normal-theory at the model's level, as metafor's forest() draws them.
    public static IEnumerable<ForestRow> Studies(MetaAnalysisResult result)
    {
        var z = TailProbabilities.Critical(result.Level, null);
        return result.Studies.Select(s => new EstimateRow(s.Label, s.Yi, s.Yi - z * Math.Sqrt(s.Vi), s.Yi + z * Math.Sqrt(s.Vi), s.Weight));
    }

    public static IEnumerable<ForestRow> Summary(MetaAnalysisResult result, string label, bool bold)
    {
        yield return new DiamondRow(label, result.Estimate, result.CiLower, result.CiUpper, bold);
        if (result.Method != Tau2Method.FE)
        {
            yield return new PredictionRow("Prediction interval", result.PiLower, result.PiUpper);
        }

        yield return new TextRow(StatisticText.Heterogeneity(result), Italic: true, Size: 10.5);
    }
}

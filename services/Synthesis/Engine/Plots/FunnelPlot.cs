using EvSysReview.Synthesis.Engine.Bias;
using EvSysReview.Synthesis.Engine.Models;

namespace EvSysReview.Synthesis.Engine.Plots;

/// <summary>
/// Funnel plot as an SVG string: effect size against standard error (0 at the top), a vertical line
/// at the pooled estimate and the pseudo-confidence funnel estimate ± 1.96·SE. With a trim-and-fill
/// result the funnel is centred on the adjusted estimate and the filled studies are drawn hollow in
/// a second colour, as metafor's funnel(trimfill(...)).
/// </summary>
public static class FunnelPlot
{
    private const double Width = 640;
    private const double Height = 500;
    private const double Left = 80;
    private const double Right = 610;
    private const double Top = 50;
    private const double Bottom = 420;
    private const double FunnelZ = 1.959963984540054; // qnorm(0.975): the funnel is always a 95% region

    public static string Render(MetaAnalysisResult result, TrimAndFillResult? trimAndFill = null, string title = "", EffectScale? scale = null)
    {
        scale ??= EffectScale.Identity;
        var centre = trimAndFill?.Adjusted.Estimate ?? result.Estimate;
        var observed = result.Studies.Select(s => (s.Yi, Se: Math.Sqrt(s.Vi))).ToList();
        var filled = (trimAndFill?.Filled ?? []).Select(s => (s.Yi, Se: Math.Sqrt(s.Vi))).ToList();
        var maxSe = observed.Concat(filled).Max(p => p.Se) * 1.05;
        var xs = observed.Concat(filled).Select(p => p.Yi).Append(centre - FunnelZ * maxSe).Append(centre + FunnelZ * maxSe).ToList();
        var xAxis = new LinearAxis(xs.Min(), xs.Max(), Left, Right);
        var yAxis = new LinearAxis(0, maxSe, Top, Bottom, targetTicks: 5);

        var canvas = new SvgCanvas(Width, Height);
        if (title.Length > 0)
        {
            canvas.Text(Left, 28, title, size: 15, bold: true);
        }

        canvas.Rect(Left, Top, Right - Left, yAxis.ToPixel(yAxis.Max) - Top, "#f3f4f6");
        var apexX = xAxis.ToPixel(centre);
        var baseY = yAxis.ToPixel(yAxis.Max);
        double leftBase = xAxis.ToPixel(centre - FunnelZ * yAxis.Max), rightBase = xAxis.ToPixel(centre + FunnelZ * yAxis.Max);
        canvas.Polygon([(apexX, Top), (leftBase, baseY), (rightBase, baseY)], "#fff");
        canvas.Line(apexX, Top, leftBase, baseY, "#6b7280", 1, "4,3");
        canvas.Line(apexX, Top, rightBase, baseY, "#6b7280", 1, "4,3");
        canvas.Line(apexX, Top, apexX, baseY, "#111827", 1.2);

        foreach (var (yi, se) in observed)
        {
            canvas.Circle(xAxis.ToPixel(yi), yAxis.ToPixel(se), 4.5, "#111827", "#111827");
        }

        foreach (var (yi, se) in filled)
        {
            canvas.Circle(xAxis.ToPixel(yi), yAxis.ToPixel(se), 4.5, "#fff", "#dc2626", 1.5);
        }

        DrawAxes(canvas, xAxis, yAxis, scale);
        if (filled.Count > 0)
        {
            canvas.Circle(Right - 150, 30, 4.5, "#111827", "#111827");
            canvas.Text(Right - 140, 34, "observed", size: 10);
            canvas.Circle(Right - 80, 30, 4.5, "#fff", "#dc2626", 1.5);
            canvas.Text(Right - 70, 34, $"filled ({filled.Count})", size: 10);
        }

        return canvas.ToString();
    }

    private static void DrawAxes(SvgCanvas canvas, LinearAxis xAxis, LinearAxis yAxis, EffectScale scale)
    {
        var baseY = yAxis.ToPixel(yAxis.Max);
        canvas.Line(Left, baseY, Right, baseY, "#111827");
        foreach (var tick in scale.Ticks(xAxis))
        {
            var x = xAxis.ToPixel(tick);
            canvas.Line(x, baseY, x, baseY + 5, "#111827");
            canvas.Text(x, baseY + 18, ForestLayout.TickLabel(scale, tick), anchor: "middle", size: 10);
        }

        canvas.Text((Left + Right) / 2, baseY + 40, scale.Label + (scale.Exponentiate ? " (log scale)" : ""), anchor: "middle", size: 12);
        canvas.Line(Left, Top, Left, baseY, "#111827");
        foreach (var tick in yAxis.Ticks())
        {
            var y = yAxis.ToPixel(tick);
            canvas.Line(Left - 5, y, Left, y, "#111827");
            canvas.Text(Left - 8, y + 4, tick.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture), anchor: "end", size: 10);
        }

        canvas.Text(24, (Top + baseY) / 2, "Standard error", anchor: "middle", size: 12, rotate: -90);
    }
}

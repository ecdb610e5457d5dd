using System.Text;
using EvSysReview.RiskOfBias.Core.Tools;
using static EvSysReview.RiskOfBias.Core.Plots.SvgText;

namespace EvSysReview.RiskOfBias.Core.Plots;

/// <summary>The tool's judgement scale as circles with symbols and labels, in scale order.</summary>
internal static class JudgementLegend
{
    public static double VerticalHeight(RiskOfBiasTool tool, double font) => (tool.Scale.Count + 1) * font * 1.8;

    public static void AppendVertical(StringBuilder svg, RiskOfBiasTool tool, double left, double top, double font)
    {
        svg.Append($"""<g class="legend"><text x="{Number(left)}" y="{Number(top)}" font-weight="bold">Judgement</text>""");
        for (var i = 0; i < tool.Scale.Count; i++)
            AppendItem(svg, tool.Scale[i], left, top + (i + 1) * font * 1.8 - font * 0.35, font);
        svg.Append("</g>\n");
    }

    /// <summary>One line, items spaced by their label widths; starts at <paramref name="left"/>.</summary>
    public static void AppendHorizontal(StringBuilder svg, RiskOfBiasTool tool, double left, double centreY, double font)
    {
        svg.Append("""<g class="legend">""");
        var x = left;
        foreach (var level in tool.Scale)
        {
            AppendItem(svg, level, x, centreY, font);
            x += font * 1.4 + 8 + Width(level.Label, font) + font * 1.5;
        }
        svg.Append("</g>\n");
    }

    private static void AppendItem(StringBuilder svg, JudgementLevel level, double left, double centreY, double font)
    {
        var radius = font * 0.7;
        svg.Append($"""<g class="legend-item" data-judgement="{Escape(level.Code)}">""");
        svg.Append($"""<circle cx="{Number(left + radius)}" cy="{Number(centreY)}" r="{Number(radius)}" fill="{level.Colour}" stroke="#000000" stroke-width="0.8"/>""");
        SymbolMark.Append(svg, level.Symbol, left + radius, centreY, radius);
        svg.Append($"""<text x="{Number(left + radius * 2 + 8)}" y="{Number(centreY)}" dy="0.35em">{Escape(level.Label)}</text></g>""");
    }
}

using System.Globalization;
using System.Text;
using EvSysReview.RiskOfBias.Core.Tools;
using static EvSysReview.RiskOfBias.Core.Plots.SvgText;

namespace EvSysReview.RiskOfBias.Core.Plots;

/// <summary>
/// One stacked horizontal bar per domain (overall last, in bold) showing the share of studies —
/// optionally weighted — at each judgement, robvis's "summary plot". Segments wide enough carry
/// their percentage; every segment's title carries the exact figures.
/// </summary>
public static class SummaryPlot
{
    private const double Margin = 16;
    private const double FontSize = 12;
    private const double BarHeight = 22;
    private const double RowGap = 10;
    private const double BarWidth = 480;

    public static string Render(RiskOfBiasTool tool, IReadOnlyList<StudyJudgements> studies, bool weighted = false, string? title = null)
    {
        var rows = SummaryPercentages.Compute(tool, studies, weighted);
        var labelWidth = rows.Max(r => Width(r.Label, FontSize)) + 12;
        var barLeft = Margin + labelWidth;
        var titleHeight = FontSize * 2.5;
        var barsTop = Margin + titleHeight;
        var barsHeight = rows.Count * (BarHeight + RowGap);
        var axisTop = barsTop + barsHeight;
        var legendY = axisTop + FontSize * 4;
        var width = barLeft + BarWidth + Margin * 2;
        var height = legendY + FontSize + Margin;

        var heading = title ?? $"{tool.ShortName}: risk of bias summary, {studies.Count} studies{(weighted ? ", weighted" : "")}";
        var svg = new StringBuilder();
        svg.Append($"""<svg xmlns="http://www.w3.org/2000/svg" width="{Number(width)}" height="{Number(height)}" viewBox="0 0 {Number(width)} {Number(height)}" font-family="Helvetica, Arial, sans-serif" font-size="{Number(FontSize)}" role="img">""").Append('\n');
        svg.Append($"""<title>{Escape(heading)}</title>""").Append('\n');
        svg.Append($"""<rect width="{Number(width)}" height="{Number(height)}" fill="#FFFFFF"/>""").Append('\n');
        svg.Append($"""<text x="{Number(Margin)}" y="{Number(Margin + FontSize)}" font-weight="bold">{Escape(Shorten(heading, 110))}</text>""").Append('\n');

        for (var i = 0; i < rows.Count; i++)
            AppendBar(svg, tool, rows[i], barLeft, barsTop + i * (BarHeight + RowGap));

        AppendAxis(svg, barLeft, axisTop);
        JudgementLegend.AppendHorizontal(svg, tool, barLeft, legendY, FontSize);
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static void AppendBar(StringBuilder svg, RiskOfBiasTool tool, DomainShares row, double left, double top)
    {
        var isOverall = row.DomainId == "overall";
        var centreY = top + BarHeight / 2;
        svg.Append($"""<g class="summary-bar" data-domain="{Escape(row.DomainId)}">""");
        svg.Append($"""<text x="{Number(left - 8)}" y="{Number(centreY)}" dy="0.35em" text-anchor="end"{(isOverall ? " font-weight=\"bold\"" : "")}>{Escape(row.Label)}</text>""");

        var x = left;
        foreach (var share in row.Shares.Where(s => s.Percent > 0))
        {
            var level = tool.Level(share.Judgement);
            var segment = BarWidth * share.Percent / 100;
            var exact = share.Percent.ToString("0.0", CultureInfo.InvariantCulture);
            svg.Append($"""<g class="segment" data-judgement="{Escape(share.Judgement)}" data-percent="{exact}">""");
            svg.Append($"""<title>{Escape(row.Label)} — {Escape(level.Label)}: {exact}% ({share.Studies} of {row.Judged} studies)</title>""");
            svg.Append($"""<rect x="{Number(x)}" y="{Number(top)}" width="{Number(segment)}" height="{Number(BarHeight)}" fill="{level.Colour}" stroke="#000000" stroke-width="0.8"/>""");
            // Two digits and a % sign need about 30 px; narrower segments keep the figure in the title only.
            if (segment >= 30)
                svg.Append($"""<text x="{Number(x + segment / 2)}" y="{Number(centreY)}" dy="0.35em" text-anchor="middle" font-size="{Number(FontSize - 1)}" fill="{TextColourOn(level.Colour)}">{Math.Round(share.Percent).ToString(CultureInfo.InvariantCulture)}%</text>""");
            svg.Append("</g>");
            x += segment;
        }

        if (row.Judged == 0)
            svg.Append($"""<rect x="{Number(left)}" y="{Number(top)}" width="{Number(BarWidth)}" height="{Number(BarHeight)}" fill="#CCCCCC" stroke="#000000" stroke-width="0.8"><title>{Escape(row.Label)}: no study judged</title></rect>""");
        svg.Append("</g>\n");
    }

    // Black on green and yellow, white on the reds and dark blues (relative luminance below 0.3).
    private static string TextColourOn(string hexColour)
    {
        var rgb = Convert.FromHexString(hexColour.TrimStart('#'));
        var luminance = (0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2]) / 255;
        return luminance < 0.3 ? "#FFFFFF" : "#000000";
    }

    private static void AppendAxis(StringBuilder svg, double left, double top)
    {
        svg.Append($"""<g class="axis"><line x1="{Number(left)}" y1="{Number(top)}" x2="{Number(left + BarWidth)}" y2="{Number(top)}" stroke="#000000"/>""");
        foreach (var tick in new[] { 0, 25, 50, 75, 100 })
        {
            var x = left + BarWidth * tick / 100.0;
            svg.Append($"""<line x1="{Number(x)}" y1="{Number(top)}" x2="{Number(x)}" y2="{Number(top + 5)}" stroke="#000000"/>""");
            svg.Append($"""<text x="{Number(x)}" y="{Number(top + 5 + FontSize)}" text-anchor="middle">{tick}%</text>""");
        }
        svg.Append("</g>\n");
    }
}

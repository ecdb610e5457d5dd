using System.Text;
using EvSysReview.RiskOfBias.Core.Tools;
using static EvSysReview.RiskOfBias.Core.Plots.SvgText;

namespace EvSysReview.RiskOfBias.Core.Plots;

/// <summary>
/// Studies × domains grid of coloured circles carrying the judgement's symbol, an overall column
/// on grey where the tool has one, then the domain key and the judgement legend below — the
/// layout robvis (McGuinness &amp; Higgins 2021, Res Synth Methods 12:55–61) made familiar.
/// Each cell is a &lt;g&gt; with data-domain / data-judgement / data-symbol inside a row carrying
/// data-study, for tests and the UI.
/// </summary>
public static class TrafficLightPlot
{
    private const double Margin = 16;
    private const string NotJudgedColour = "#CCCCCC";
    private const int MaxLabelCharacters = 48;

    private sealed record Column(string Id, string Header, bool IsOverall, double Left, double Width)
    {
        public double Centre => Left + Width / 2;
    }

    public static string Render(RiskOfBiasTool tool, IReadOnlyList<StudyJudgements> studies, string? title = null)
    {
        var layout = new TrafficLightLayout(studies.Count);
        var font = layout.FontSize;

        var labels = studies.Select(s => Shorten(s.StudyLabel, MaxLabelCharacters)).ToList();
        var labelWidth = Math.Max(Width("Study", font), labels.Select(l => Width(l, font)).DefaultIfEmpty(0).Max()) + 12;
        var gridLeft = Margin + labelWidth;
        var columns = Columns(tool, gridLeft, layout, font);
        var gridWidth = columns.Sum(c => c.Width);
        var gridTop = Margin + (title is null ? 0 : font * 2) + font * 2;
        var gridHeight = studies.Count * layout.RowHeight;

        var keyLines = tool.Domains.Select(d => $"{d.Id}: {d.ShortName}").ToList();
        var keyTop = gridTop + gridHeight + font * 2;
        var legendTop = keyTop + (keyLines.Count + 1) * font * 1.5 + font;
        var width = Math.Max(gridLeft + gridWidth, Margin + keyLines.Max(l => Width(l, font))) + Margin;
        var height = legendTop + JudgementLegend.VerticalHeight(tool, font) + Margin;

        var svg = new StringBuilder();
        svg.Append($"""<svg xmlns="http://www.w3.org/2000/svg" width="{Number(width)}" height="{Number(height)}" viewBox="0 0 {Number(width)} {Number(height)}" font-family="Helvetica, Arial, sans-serif" font-size="{Number(font)}" role="img">""").Append('\n');
        svg.Append($"""<title>{Escape(title ?? $"{tool.ShortName}: traffic-light plot")}</title>""").Append('\n');
        svg.Append($"""<rect width="{Number(width)}" height="{Number(height)}" fill="#FFFFFF"/>""").Append('\n');
        if (title is not null)
            svg.Append($"""<text x="{Number(Margin)}" y="{Number(Margin + font)}" font-weight="bold" font-size="{Number(font * 1.2)}">{Escape(title)}</text>""").Append('\n');

        var headerY = gridTop - font * 0.6;
        svg.Append($"""<text x="{Number(gridLeft - 8)}" y="{Number(headerY)}" text-anchor="end" font-weight="bold">Study</text>""").Append('\n');
        foreach (var column in columns)
            svg.Append($"""<text x="{Number(column.Centre)}" y="{Number(headerY)}" text-anchor="middle" font-weight="bold" class="column-header">{Escape(column.Header)}</text>""").Append('\n');

        for (var r = 0; r < studies.Count; r++)
            AppendRow(svg, tool, studies[r], labels[r], columns, gridLeft, gridTop + r * layout.RowHeight, layout, r % 2 == 1);

        svg.Append($"""<rect x="{Number(gridLeft)}" y="{Number(gridTop)}" width="{Number(gridWidth)}" height="{Number(gridHeight)}" fill="none" stroke="#A9A9A9"/>""").Append('\n');
        AppendDomainKey(svg, keyLines, keyTop, font);
        JudgementLegend.AppendVertical(svg, tool, Margin, legendTop, font);
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static List<Column> Columns(RiskOfBiasTool tool, double gridLeft, TrafficLightLayout layout, double font)
    {
        var columns = new List<Column>();
        var left = gridLeft;
        foreach (var domain in tool.Domains)
        {
            columns.Add(new Column(domain.Id, domain.Id, false, left, layout.ColumnWidth));
            left += layout.ColumnWidth;
        }
        if (tool.HasOverall)
            columns.Add(new Column("overall", "Overall", true, left, Math.Max(layout.ColumnWidth, Width("Overall", font) + 12)));
        return columns;
    }

    private static void AppendRow(
        StringBuilder svg, RiskOfBiasTool tool, StudyJudgements study, string label, IReadOnlyList<Column> columns,
        double gridLeft, double top, TrafficLightLayout layout, bool shaded)
    {
        var centreY = top + layout.RowHeight / 2;
        var rowRight = columns[^1].Left + columns[^1].Width;
        svg.Append($"""<g class="study-row" data-study="{Escape(study.StudyLabel)}">""");
        // Zebra stripes run across label and grid so the eye can follow a row among 200.
        if (shaded)
            svg.Append($"""<rect x="{Number(Margin)}" y="{Number(top)}" width="{Number(rowRight - Margin)}" height="{Number(layout.RowHeight)}" fill="#F2F2F2"/>""");
        svg.Append($"""<text x="{Number(gridLeft - 8)}" y="{Number(centreY)}" dy="0.35em" text-anchor="end" class="study-label"><title>{Escape(study.StudyLabel)}</title>{Escape(label)}</text>""");
        foreach (var column in columns)
        {
            if (column.IsOverall)
                svg.Append($"""<rect x="{Number(column.Left)}" y="{Number(top)}" width="{Number(column.Width)}" height="{Number(layout.RowHeight)}" fill="{(shaded ? "#C8C8C8" : "#D3D3D3")}"/>""");
            var judgement = column.IsOverall ? study.Overall : study.DomainJudgements.GetValueOrDefault(column.Id);
            AppendCell(svg, tool, study.StudyLabel, column, judgement, centreY, layout.CircleRadius);
        }
        svg.Append("</g>\n");
    }

    private static void AppendCell(StringBuilder svg, RiskOfBiasTool tool, string study, Column column, string? judgement, double y, double radius)
    {
        var level = judgement is null ? null : tool.Scale.FirstOrDefault(l => l.Code == judgement);
        svg.Append($"""<g class="cell" data-domain="{Escape(column.Id)}" data-judgement="{Escape(judgement ?? "")}" data-symbol="{Escape(level?.Symbol ?? "")}">""");
        svg.Append($"""<title>{Escape(study)} — {Escape(column.Header)}: {Escape(level?.Label ?? "not judged")}</title>""");
        svg.Append($"""<circle cx="{Number(column.Centre)}" cy="{Number(y)}" r="{Number(radius)}" fill="{level?.Colour ?? NotJudgedColour}" stroke="#000000" stroke-width="0.8"/>""");
        if (level is not null)
            SymbolMark.Append(svg, level.Symbol, column.Centre, y, radius);
        svg.Append("</g>");
    }

    private static void AppendDomainKey(StringBuilder svg, IReadOnlyList<string> lines, double top, double font)
    {
        svg.Append($"""<g class="domain-key"><text x="{Number(Margin)}" y="{Number(top)}" font-weight="bold">Domains</text>""");
        for (var i = 0; i < lines.Count; i++)
            svg.Append($"""<text x="{Number(Margin)}" y="{Number(top + (i + 1) * font * 1.5)}">{Escape(lines[i])}</text>""");
        svg.Append("</g>\n");
    }
}

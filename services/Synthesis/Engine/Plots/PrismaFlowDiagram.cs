using System.Globalization;

namespace EvSysReview.Synthesis.Engine.Plots;

/// <summary>
/// PRISMA 2020 flow diagram as an SVG string: identification, screening and inclusion boxes down the
/// left, exclusions to the right, phase labels in the margin, counts formatted "(n = 1,234)".
/// </summary>
public static class PrismaFlowDiagram
{
    private const double Width = 860;
    private const double PhaseBar = 30;
    private const double MainLeft = 60;
    private const double MainWidth = 360;
    private const double SideLeft = 470;
    private const double SideWidth = 360;
    private const double LineHeight = 16;
    private const double Padding = 10;
    private const double Gap = 34;
    private const int CharactersPerLine = 48;
    private const string BoxStroke = "#374151";
    private const string PhaseFill = "#dbeafe";

    public static string Render(PrismaCounts counts, string title = "")
    {
        var identification = new[] { "Records identified from:" }
            .Concat(counts.IdentifiedBySource.Select(s => $"    {s.Name} {N(s.Count)}"))
            .ToList();
        var removed = new List<string>
        {
            "Records removed before screening:",
            $"    Duplicate records removed {N(counts.DuplicatesRemoved)}",
            $"    Records marked as ineligible by automation tools {N(counts.MarkedIneligibleByAutomation)}",
            $"    Records removed for other reasons {N(counts.RemovedForOtherReasons)}",
        };
        var excludedReasons = new[] { "Reports excluded:" }
            .Concat(counts.ReportsExcludedWithReasons.Select(r => $"    {r.Name} {N(r.Count)}"))
            .ToList();
        var included = new List<string> { $"Studies included in review {N(counts.StudiesIncluded)}" };
        if (counts.ReportsOfIncludedStudies is { } reports)
        {
            included.Add($"Reports of included studies {N(reports)}");
        }

        // Each stage: a main box and an optional side box on the same row.
        var stages = new (List<string> Main, List<string>? Side)[]
        {
            (identification, removed),
            ([$"Records screened {N(counts.Screened)}"], [$"Records excluded {N(counts.ExcludedAtScreening)}"]),
            ([$"Reports sought for retrieval {N(counts.ReportsSought)}"], [$"Reports not retrieved {N(counts.ReportsNotRetrieved)}"]),
            ([$"Reports assessed for eligibility {N(counts.ReportsAssessed)}"], excludedReasons),
            (included, null),
        };

        var wrapped = stages.Select(s => (Main: Wrap(s.Main), Side: s.Side is null ? null : Wrap(s.Side))).ToList();
        var heights = wrapped.Select(s => BoxHeight(Math.Max(s.Main.Count, s.Side?.Count ?? 0))).ToList();
        heights[^1] = Math.Max(heights[^1], 76); // room for the rotated "Included" phase label
        var top = title.Length > 0 ? 70.0 : 40.0;
        var height = top + 30 + heights.Sum() + Gap * (heights.Count - 1) + 20;
        var canvas = new SvgCanvas(Width, height);
        if (title.Length > 0)
        {
            canvas.Text(MainLeft, 30, title, size: 15, bold: true);
        }

        canvas.Rect(MainLeft, top, SideLeft + SideWidth - MainLeft, 24, "#eff6ff", BoxStroke);
        canvas.Text(MainLeft + (SideLeft + SideWidth - MainLeft) / 2, top + 16, "Identification of studies via databases and registers", anchor: "middle", bold: true);

        var y = top + 30 + 0.0;
        var rowTops = new List<double>();
        for (var i = 0; i < wrapped.Count; i++)
        {
            rowTops.Add(y);
            var (main, side) = wrapped[i];
            DrawBox(canvas, MainLeft, y, MainWidth, heights[i], main);
            if (side is not null)
            {
                DrawBox(canvas, SideLeft, y, SideWidth, heights[i], side);
                Arrow(canvas, MainLeft + MainWidth, y + heights[i] / 2, SideLeft, y + heights[i] / 2);
            }

            if (i > 0)
            {
                Arrow(canvas, MainLeft + MainWidth / 2, rowTops[i - 1] + heights[i - 1], MainLeft + MainWidth / 2, y);
            }

            y += heights[i] + Gap;
        }

        PhaseLabel(canvas, "Identification", rowTops[0], rowTops[0] + heights[0]);
        PhaseLabel(canvas, "Screening", rowTops[1], rowTops[3] + heights[3]);
        PhaseLabel(canvas, "Included", rowTops[4], rowTops[4] + heights[4]);
        return canvas.ToString();
    }

    private static string N(int count) => string.Create(CultureInfo.InvariantCulture, $"(n = {count:N0})");

    private static double BoxHeight(int lines) => lines * LineHeight + 2 * Padding;

    private static void DrawBox(SvgCanvas canvas, double x, double y, double width, double height, IReadOnlyList<string> lines)
    {
        canvas.Rect(x, y, width, height, "#fff", BoxStroke, 1.2);
        for (var i = 0; i < lines.Count; i++)
        {
            // SVG collapses leading spaces, so indentation becomes an x offset.
            var indent = lines[i].Length - lines[i].TrimStart().Length;
            canvas.Text(x + Padding + indent * 3.5, y + Padding + 12 + i * LineHeight, lines[i].TrimStart(), size: 12);
        }
    }

    private static void Arrow(SvgCanvas canvas, double x1, double y1, double x2, double y2)
    {
        canvas.Line(x1, y1, x2, y2, BoxStroke, 1.2);
        var angle = Math.Atan2(y2 - y1, x2 - x1);
        const double head = 8;
        canvas.Polygon(
            [(x2, y2), (x2 - head * Math.Cos(angle - 0.4), y2 - head * Math.Sin(angle - 0.4)), (x2 - head * Math.Cos(angle + 0.4), y2 - head * Math.Sin(angle + 0.4))],
            BoxStroke);
    }

    private static void PhaseLabel(SvgCanvas canvas, string label, double top, double bottom)
    {
        canvas.Rect(MainLeft - PhaseBar - 14, top, PhaseBar, bottom - top, PhaseFill, BoxStroke);
        canvas.Text(MainLeft - 14 - PhaseBar / 2 + 4, (top + bottom) / 2, label, anchor: "middle", bold: true, size: 12, rotate: -90);
    }

    // Wraps on spaces; continuation lines keep the indentation of the line they continue.
    private static List<string> Wrap(IEnumerable<string> lines)
    {
        var wrapped = new List<string>();
        foreach (var line in lines)
        {
            var indent = line[..(line.Length - line.TrimStart().Length)];
            var current = indent;
            foreach (var word in line.TrimStart().Split(' '))
            {
                if (current.Length > indent.Length && current.Length + 1 + word.Length > CharactersPerLine)
                {
                    wrapped.Add(current);
                    current = indent + "  " + word;
                }
                else
                {
                    current = current.Length > indent.Length ? current + " " + word : current + word;
                }
            }

            wrapped.Add(current);
        }

        return wrapped;
    }
}

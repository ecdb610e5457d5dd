using System.Xml.Linq;
using EvSysReview.Synthesis.Engine.Bias;
using EvSysReview.Synthesis.Engine.EffectSizes;
using EvSysReview.Synthesis.Engine.Models;
using EvSysReview.Synthesis.Engine.Moderators;
using EvSysReview.Synthesis.Engine.Plots;
using EvSysReview.Synthesis.Engine.Sensitivity;
using EvSysReview.Synthesis.Engine.Tests.Expected;

namespace EvSysReview.Synthesis.Engine.Tests.Plots;

public sealed class PlotTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void Forest_plot_has_a_row_per_study_one_diamond_and_the_heterogeneity_line()
    {
        var result = MetaAnalysis.Fit(Datasets.BcgLogRiskRatios());

        var svg = Parse(ForestPlot.Render(result, new ForestPlotOptions { Scale = EffectScale.LogRatio("Risk ratio") }));

        var texts = Texts(svg);
        Assert.All(MetaforDatasets.BcgAuthor, author => Assert.Contains(author, texts));
        Assert.Single(svg.Descendants(Svg + "polygon"), p => p.Attribute("fill")?.Value == "#1d4ed8");
        // One weight-sized square per study: the largest weight gets the largest square.
        var squares = svg.Descendants(Svg + "rect").Where(r => r.Attribute("fill")?.Value == "#1f2937").ToList();
        Assert.Equal(13, squares.Count);
        var heaviest = result.Studies.Select((s, i) => (s.Weight, i)).Max().i;
        Assert.Equal(squares.Max(Width), Width(squares[heaviest]));
        Assert.Contains("Heterogeneity: τ² = 0.3132, I² = 92.2%, Q = 152.23 (df = 12, p < 0.001)", texts);
        Assert.Contains("0.49 [0.34, 0.70]", texts); // exp of the REML estimate and CI
        Assert.Contains("[0.15, 1.55]", texts); // exp of the prediction interval
    }

    [Fact]
    public void A_long_estimate_header_wraps_in_its_column_and_the_rows_move_down()
    {
        var result = MetaAnalysis.Fit(Datasets.BcgLogRiskRatios());

        var svg = Parse(ForestPlot.Render(result, new ForestPlotOptions { Scale = new EffectScale("Standardised mean difference (Hedges' g)") }));

        // The three header lines end at the right edge; "Weight" and "Study" sit on the last line's baseline.
        var header = svg.Descendants(Svg + "text").Where(t => t.Attribute("font-weight")?.Value == "bold" && t.Attribute("x")?.Value == "905"
            && double.Parse(t.Attribute("y")!.Value, System.Globalization.CultureInfo.InvariantCulture) < 80).ToList(); // above the first row, not the bold summary
        Assert.Equal(["Standardised mean", "difference (Hedges' g)", "[95% CI]"], header.Select(t => t.Value));
        Assert.Equal(["50", "64", "78"], header.Select(t => t.Attribute("y")!.Value));
        var weight = svg.Descendants(Svg + "text").Single(t => t.Value == "Weight");
        Assert.Equal("78", weight.Attribute("y")!.Value);
        Assert.Equal("78", svg.Descendants(Svg + "text").Single(t => t.Value == "Study").Attribute("y")!.Value);
        Assert.Equal(["x"], ForestLayout.HeaderLines("x"));
    }

    [Fact]
    public void Labels_are_escaped_so_the_svg_stays_well_formed()
    {
        var studies = new[] { new StudyEffect("Smith & Jones <2019> \"A\"", 0.2, 0.04), new StudyEffect("O'Brien\u0001", 0.4, 0.05) };

        var svgText = ForestPlot.Render(MetaAnalysis.Fit(studies, new MetaAnalysisOptions { Method = Tau2Method.FE }), new ForestPlotOptions { Title = "a < b & c" });

        Assert.Contains("Smith &amp; Jones &lt;2019&gt; &quot;A&quot;", svgText);
        var texts = Texts(Parse(svgText));
        Assert.Contains("Smith & Jones <2019> \"A\"", texts);
        Assert.Contains("O'Brien", texts);
        Assert.Contains("a < b & c", texts);
    }

    [Fact]
    public void Subgroup_forest_plot_draws_a_diamond_per_subgroup_plus_the_overall_one()
    {
        var result = SubgroupAnalysis.Fit(Datasets.BcgLogRiskRatios(), MetaforDatasets.BcgAlloc);

        var svg = Parse(ForestPlot.Render(result));

        Assert.Equal(4, svg.Descendants(Svg + "polygon").Count(p => p.Attribute("fill")?.Value == "#1d4ed8"));
        Assert.Contains(Texts(svg), t => t.StartsWith("Test for subgroup differences: Q = 1.86 (df = 2", StringComparison.Ordinal));
    }

    [Fact]
    public void Funnel_plot_draws_filled_studies_hollow_in_a_second_colour()
    {
        var studies = Datasets.Hackshaw();
        var trimAndFill = TrimAndFill.Run(studies, new MetaAnalysisOptions { Method = Tau2Method.FE });

        var svg = Parse(FunnelPlot.Render(MetaAnalysis.Fit(studies), trimAndFill));

        var circles = svg.Descendants(Svg + "circle").ToList();
        // 37 observed + 7 filled + 2 legend markers
        Assert.Equal(37 + 1, circles.Count(c => c.Attribute("fill")?.Value == "#111827"));
        Assert.Equal(7 + 1, circles.Count(c => c.Attribute("fill")?.Value == "#fff" && c.Attribute("stroke")?.Value == "#dc2626"));
        Assert.Equal(2, svg.Descendants(Svg + "line").Count(l => l.Attribute("stroke-dasharray") is not null));
    }

    [Fact]
    public void Cumulative_forest_plot_lists_studies_in_date_order()
    {
        var rows = CumulativeMetaAnalysis.Run(Datasets.Hackshaw(), MetaforDatasets.HackshawYear);

        var texts = Texts(Parse(CumulativeForestPlot.Render(rows)));

        var labels = texts.Where(t => t.StartsWith("+ ", StringComparison.Ordinal)).ToList();
        Assert.Equal(37, labels.Count);
        Assert.Equal("+ Garfinkel 1981", labels[0]);
        Assert.Equal("+ Cardenas 1997", labels[^1]);
    }

    [Fact]
    public void Prisma_diagram_shows_every_count_and_reason()
    {
        var counts = new PrismaCounts
        {
            IdentifiedBySource = [new("MEDLINE", 1234), new("Embase", 2345)],
            DuplicatesRemoved = 1020,
            MarkedIneligibleByAutomation = 0,
            RemovedForOtherReasons = 4,
            Screened = 2555,
            ExcludedAtScreening = 2380,
            ReportsSought = 175,
            ReportsNotRetrieved = 7,
            ReportsAssessed = 168,
            ReportsExcludedWithReasons = [new("Wrong population", 61), new("Not randomised", 30)],
            StudiesIncluded = 77,
        };

        var texts = Texts(Parse(PrismaFlowDiagram.Render(counts)));

        foreach (var expected in new[]
                 {
                     "MEDLINE (n = 1,234)", "Embase (n = 2,345)", "Duplicate records removed (n = 1,020)",
                     "Records removed for other reasons (n = 4)", "Records screened (n = 2,555)", "Records excluded (n = 2,380)",
                     "Reports sought for retrieval (n = 175)", "Reports not retrieved (n = 7)", "Reports assessed for eligibility (n = 168)",
                     "Wrong population (n = 61)", "Not randomised (n = 30)", "Studies included in review (n = 77)",
                     "Identification", "Screening", "Included",
                 })
        {
            Assert.Contains(expected, texts);
        }

        Assert.Contains(texts, t => t.Contains("(n = 0)", StringComparison.Ordinal)); // automation line, wrapped
    }

    private static XElement Parse(string svg)
    {
        var root = XDocument.Parse(svg).Root!;
        Assert.Equal(Svg + "svg", root.Name);
        return root;
    }

    private static List<string> Texts(XElement svg) => svg.Descendants(Svg + "text").Select(t => t.Value).ToList();

    private static double Width(XElement rect) => double.Parse(rect.Attribute("width")!.Value, System.Globalization.CultureInfo.InvariantCulture);
}

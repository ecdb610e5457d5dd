using System.Xml.Linq;
using EvSysReview.RiskOfBias.Core.Plots;

namespace EvSysReview.RiskOfBias.Core.Tests.Plots;

public class TrafficLightPlotTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void Each_study_is_a_row_with_its_label()
    {
        var svg = Parse(TrafficLightPlot.Render(Sheets.Rob2, PlotStudies.FiveRob2));

        var rows = svg.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "study-row").ToList();

        Assert.Equal(5, rows.Count);
        Assert.Equal("O'Brien & <Lee> 2021", rows[2].Attribute("data-study")!.Value); // escaped in the file, intact once parsed
        Assert.Contains(rows[0].Descendants(Svg + "text"), t => t.Nodes().OfType<XText>().Any(n => n.Value == "Smith 2019"));
    }

    [Theory]
    [InlineData("Chen 2020", "D4", "high", "#BF0000", "×")]
    [InlineData("Chen 2020", "D1", "some_concerns", "#E2DF07", "−")]
    [InlineData("Smith 2019", "overall", "low", "#02C100", "+")]
    [InlineData("Kowalski 2023", "D5", "", "#CCCCCC", null)] // not judged: grey, no symbol
    public void A_domain_circle_has_its_judgements_colour_and_symbol(string study, string domain, string judgement, string colour, string? symbol)
    {
        var cell = Cell(Parse(TrafficLightPlot.Render(Sheets.Rob2, PlotStudies.FiveRob2)), study, domain);

        Assert.Equal(judgement, cell.Attribute("data-judgement")!.Value);
        Assert.Equal(colour, cell.Element(Svg + "circle")!.Attribute("fill")!.Value);
        Assert.Equal(symbol ?? "", cell.Attribute("data-symbol")!.Value);
        Assert.Equal(symbol is not null, cell.Element(Svg + "path") is not null); // +, − and × are drawn as strokes
    }

    [Fact]
    public void Rob2_has_an_overall_column_and_syrcle_has_none()
    {
        var rob2Headers = Headers(Parse(TrafficLightPlot.Render(Sheets.Rob2, PlotStudies.FiveRob2)));
        var syrcleHeaders = Headers(Parse(TrafficLightPlot.Render(Sheets.Syrcle, PlotStudies.Many(Sheets.Syrcle, 5))));

        Assert.Equal(["D1", "D2", "D3", "D4", "D5", "Overall"], rob2Headers);
        Assert.Equal(Enumerable.Range(1, 10).Select(i => $"D{i}"), syrcleHeaders);
    }

    [Fact]
    public void The_legend_lists_every_judgement_of_the_tools_scale()
    {
        var legend = Parse(TrafficLightPlot.Render(Sheets.RobinsI, PlotStudies.Many(Sheets.RobinsI, 5)))
            .Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "legend-item")
            .Select(g => g.Attribute("data-judgement")!.Value);

        Assert.Equal(["low", "moderate", "serious", "critical", "no_information"], legend);
    }

    [Fact]
    public void Two_hundred_studies_grow_the_plot_without_overlapping_labels()
    {
        var few = Parse(TrafficLightPlot.Render(Sheets.Rob2, PlotStudies.Many(Sheets.Rob2, 5)));
        var many = Parse(TrafficLightPlot.Render(Sheets.Rob2, PlotStudies.Many(Sheets.Rob2, 200)));

        var labels = many.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == "study-label").ToList();
        var ys = labels.Select(t => double.Parse(t.Attribute("y")!.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var fontSize = double.Parse(many.Attribute("font-size")!.Value, System.Globalization.CultureInfo.InvariantCulture);
        var gaps = ys.Zip(ys.Skip(1), (a, b) => b - a).ToList();

        Assert.Equal(200, labels.Count);
        Assert.All(gaps, gap => Assert.True(gap >= fontSize * 1.2, $"rows {gap} apart with {fontSize}px text"));
        Assert.True(Height(many) > 200 * fontSize * 1.2);
        Assert.True(Height(many) > Height(few) * 5);
    }

    [Fact]
    public void Long_labels_are_shortened_with_the_full_text_kept_in_a_title()
    {
        var longLabel = new string('x', 80);
        var svg = Parse(TrafficLightPlot.Render(Sheets.Rob2, [new StudyJudgements(longLabel, new Dictionary<string, string?>(), null)]));

        var label = svg.Descendants(Svg + "text").Single(t => (string?)t.Attribute("class") == "study-label");

        Assert.Equal(longLabel, label.Element(Svg + "title")!.Value);
        Assert.Equal(new string('x', 47) + "…", label.Nodes().OfType<XText>().Single().Value);
    }

    [Fact]
    public void Characters_xml_forbids_are_dropped_from_labels()
    {
        var text = TrafficLightPlot.Render(Sheets.Rob2, [new StudyJudgements("Bad\u0001label", new Dictionary<string, string?>(), null)]);

        Assert.Equal("Badlabel", Parse(text).Descendants(Svg + "g").First(g => (string?)g.Attribute("class") == "study-row").Attribute("data-study")!.Value);
    }

    internal static XElement Parse(string svg) => XDocument.Parse(svg).Root!;

    private static XElement Cell(XElement svg, string study, string domain) =>
        svg.Descendants(Svg + "g").Single(g => (string?)g.Attribute("data-study") == study)
            .Elements(Svg + "g").Single(g => (string?)g.Attribute("data-domain") == domain);

    private static List<string> Headers(XElement svg) =>
        svg.Descendants(Svg + "text").Where(t => (string?)t.Attribute("class") == "column-header").Select(t => t.Value).ToList();

    private static double Height(XElement svg) =>
        double.Parse(svg.Attribute("height")!.Value, System.Globalization.CultureInfo.InvariantCulture);
}

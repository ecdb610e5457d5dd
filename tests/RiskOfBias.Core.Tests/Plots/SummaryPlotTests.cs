using System.Globalization;
using System.Xml.Linq;
using EvSysReview.RiskOfBias.Core.Plots;

namespace EvSysReview.RiskOfBias.Core.Tests.Plots;

public class SummaryPlotTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void Unweighted_percentages_count_studies_judged_in_each_domain()
    {
        var shares = SummaryPercentages.Compute(Sheets.Rob2, PlotStudies.FiveRob2);

        // D1: low, some concerns, low, high, low → 60 / 20 / 20.
        Assert.Equal([60.0, 20.0, 20.0], shares.Single(s => s.DomainId == "D1").Shares.Select(s => s.Percent));
        // D5 and overall: Kowalski 2023 is not judged, so 4 studies count.
        var d5 = shares.Single(s => s.DomainId == "D5");
        Assert.Equal([75.0, 25.0, 0.0], d5.Shares.Select(s => s.Percent));
        Assert.Equal((4, 1), (d5.Judged, d5.NotJudged));
        Assert.Equal([25.0, 25.0, 50.0], shares.Single(s => s.DomainId == "overall").Shares.Select(s => s.Percent));
    }

    [Fact]
    public void Weighted_percentages_use_the_study_weights()
    {
        var shares = SummaryPercentages.Compute(Sheets.Rob2, PlotStudies.FiveRob2, weighted: true);

        // D1 weights: low 120 + 30 + 30 = 180, some concerns 60, high 60, of 300.
        Assert.Equal([60.0, 20.0, 20.0], shares.Single(s => s.DomainId == "D1").Shares.Select(s => s.Percent));
        // D4: low 120 + 30 + 60 + 30 = 240, high 60, of 300.
        Assert.Equal([80.0, 0.0, 20.0], shares.Single(s => s.DomainId == "D4").Shares.Select(s => s.Percent));
        // Overall: low 120, some concerns 30, high 60 + 60, of 270.
        Assert.Equal([44.4, 11.1, 44.4], shares.Single(s => s.DomainId == "overall").Shares.Select(s => Math.Round(s.Percent, 1)));
    }

    [Fact]
    public void Each_domain_bar_shows_its_segments_with_colour_and_percentage()
    {
        var svg = TrafficLightPlotTests.Parse(SummaryPlot.Render(Sheets.Rob2, PlotStudies.FiveRob2));

        var bars = svg.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "summary-bar").ToList();
        var d1 = bars.Single(b => b.Attribute("data-domain")!.Value == "D1")
            .Elements(Svg + "g").ToDictionary(s => s.Attribute("data-judgement")!.Value);

        Assert.Equal(["D1", "D2", "D3", "D4", "D5", "overall"], bars.Select(b => b.Attribute("data-domain")!.Value));
        Assert.Equal("60.0", d1["low"].Attribute("data-percent")!.Value);
        Assert.Equal("#02C100", d1["low"].Element(Svg + "rect")!.Attribute("fill")!.Value);
        Assert.Equal("60%", d1["low"].Element(Svg + "text")!.Value);
        Assert.Equal(288.0, double.Parse(d1["low"].Element(Svg + "rect")!.Attribute("width")!.Value, CultureInfo.InvariantCulture)); // 60% of 480
        Assert.Equal("#BF0000", d1["high"].Element(Svg + "rect")!.Attribute("fill")!.Value);
    }

    [Fact]
    public void Robins_i_summary_has_all_five_judgements_in_its_legend()
    {
        var svg = TrafficLightPlotTests.Parse(SummaryPlot.Render(Sheets.RobinsI, PlotStudies.Many(Sheets.RobinsI, 40)));

        var legend = svg.Descendants(Svg + "g").Where(g => (string?)g.Attribute("class") == "legend-item").Select(g => g.Attribute("data-judgement")!.Value);

        Assert.Equal(["low", "moderate", "serious", "critical", "no_information"], legend);
    }

    [Fact]
    public void Negative_weights_are_refused()
    {
        var studies = new[] { new StudyJudgements("A", new Dictionary<string, string?>(), null, -1) };

        Assert.Throws<AssessmentRuleViolation>(() => SummaryPercentages.Compute(Sheets.Rob2, studies, weighted: true));
    }
}

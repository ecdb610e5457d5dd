using EvSysReview.RiskOfBias.Core.Plots;

namespace EvSysReview.RiskOfBias.Core.Tests.Plots;

// Writes sample plots next to the test binaries (bin/.../plot-samples) for looking at them:
// rsvg-convert -o x.png bin/Debug/net10.0/plot-samples/x.svg
public class PlotSamples
{
    [Fact]
    public void Sample_plots_are_well_formed_and_written_for_inspection()
    {
        var samples = new Dictionary<string, string>
        {
            ["traffic-light-rob2-5"] = TrafficLightPlot.Render(Sheets.Rob2, PlotStudies.FiveRob2, "RoB 2: primary outcome"),
            ["traffic-light-rob2-200"] = TrafficLightPlot.Render(Sheets.Rob2, PlotStudies.Many(Sheets.Rob2, 200)),
            ["traffic-light-syrcle-12"] = TrafficLightPlot.Render(Sheets.Syrcle, PlotStudies.Many(Sheets.Syrcle, 12)),
            ["traffic-light-robins-i-8"] = TrafficLightPlot.Render(Sheets.RobinsI, PlotStudies.Many(Sheets.RobinsI, 8)),
            ["summary-rob2-5-weighted"] = SummaryPlot.Render(Sheets.Rob2, PlotStudies.FiveRob2, weighted: true),
            ["summary-syrcle-200"] = SummaryPlot.Render(Sheets.Syrcle, PlotStudies.Many(Sheets.Syrcle, 200)),
            ["summary-robins-i-40"] = SummaryPlot.Render(Sheets.RobinsI, PlotStudies.Many(Sheets.RobinsI, 40)),
        };

        var directory = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "plot-samples"));
        foreach (var (name, svg) in samples)
        {
            Assert.Equal("svg", TrafficLightPlotTests.Parse(svg).Name.LocalName);
            File.WriteAllText(Path.Combine(directory.FullName, name + ".svg"), svg);
        }
    }
}

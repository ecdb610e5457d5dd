using System.Text.Json;

namespace EvSysReview.Browser.Tests;

/// <summary>
/// The synthesis dashboard's CSV download (toCsv in views/synthesis.js, run in the page's own
/// module): text that came from imported records or forms must not run as a spreadsheet formula.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AnalysesCsvTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Text_cells_that_would_start_a_formula_get_an_apostrophe_and_numbers_stay_numbers()
    {
        var session = await fixture.OpenAsync();
        try
        {
            await session.Page.GotoAsync("/");
            // A study label is the first author's surname and the year: a RIS "AU  - =1+1+0*" gives "=1+1+0* 2020".
            var analyses = JsonSerializer.Serialize(new[]
            {
                new
                {
                    id = "a1", outcome = "=HYPERLINK(\"http://x\")", measure = "SMD", level = 95,
                    studies = new[] { new { label = "=1+1+0* 2020", year = 2020, timePoint = "@28 days", comparison = "-EVs vs PBS", yi = -0.5, vi = 0.04, highRisk = false, retracted = false } },
                },
            });
            var csv = await session.Page.EvaluateAsync<string>(
                "async (analyses) => (await import('/js/views/synthesis.js')).toCsv(JSON.parse(analyses))", analyses);
            var row = csv.Split("\r\n")[1];
            Assert.Equal("a1,\"'=HYPERLINK(\"\"http://x\"\")\",SMD,'=1+1+0* 2020,2020,'@28 days,'-EVs vs PBS,-0.5,0.04,", row[..(row.IndexOf(",0.04,", StringComparison.Ordinal) + 6)]);
        }
        finally
        {
            await session.DisposeAsync();
        }
    }
}

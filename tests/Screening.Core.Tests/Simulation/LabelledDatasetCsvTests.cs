using EvSysReview.Screening.Core.Simulation;

namespace EvSysReview.Screening.Core.Tests.Simulation;

public sealed class LabelledDatasetCsvTests
{
    [Fact]
    public void Reads_quoted_fields_with_commas_quotes_and_line_breaks()
    {
        const string csv = "\"id\",\"title\",\"abstract\",\"included\"\r\n"
            + "\"7\",\"Nudges, defaults and \"\"choice\"\"\",\"Line one\nline two\",\"1\"\r\n"
            + "8,NA,,0";

        var records = LabelledDatasetCsv.Read(new StringReader(csv));

        Assert.Equal(
            [
                new LabelledCitation("7", "Nudges, defaults and \"choice\"", "Line one\nline two", true),
                new LabelledCitation("8", null, null, false),
            ],
            records);
    }

    [Theory]
    [InlineData("Ferdinands2020_sim_wilson.csv.gz", 2333, 23)]
    [InlineData("Ferdinands2020_sim_ace.csv.gz", 2235, 41)]
    [InlineData("Bannach-Brown_2019.csv", 1993, 280)]
    [InlineData("Cohen_2006_ADHD.csv", 851, 20)]
    public void Reads_the_benchmark_datasets_with_their_published_sizes(string file, int records, int inclusions)
    {
        var citations = ScreeningTestData.Read(file);

        Assert.Equal((records, inclusions), (citations.Count, citations.Count(c => c.Included)));
    }
}

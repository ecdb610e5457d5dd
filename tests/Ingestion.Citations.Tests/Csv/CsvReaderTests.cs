using System.Text.Json;
using EvSysReview.Ingestion.Citations.Csv;

namespace EvSysReview.Ingestion.Citations.Tests.Csv;

/// <summary>
/// The real screening CSVs against Python's csv module (reference/csv_expected.py →
/// csv_expected.json; rows = list(csv.DictReader(handle))).
/// </summary>
public sealed class CsvReaderTests
{
    private static readonly JsonElement Expected = TestData.Reference("csv_expected.json");

    public static TheoryData<string> Files() => TestData.FilesIn(Expected);

    [Theory]
    [MemberData(nameof(Files))]
    public void Screening_csv_matches_python_csv(string file)
    {
        var e = Expected.GetProperty(file);
        var records = TestData.Records(new CsvReader(), "screening/" + file);

        Assert.Equal(e.GetProperty("rows").GetInt32(), records.Count);                                  // len(rows)
        Assert.Equal(e.GetProperty("without_abstract").GetInt32(), records.Count(r => r.Abstract is null)); // sum(not r['abstract'].strip())
        Assert.Equal(e.GetProperty("without_title").GetInt32(), records.Count(r => r.Title is null));
        Assert.Equal(e.GetProperty("first_title").GetString(), records[0].Title);                         // rows[0]['title']
        Assert.Equal(e.GetProperty("last_title").GetString(), records[^1].Title);                         // rows[-1]['title']
        Assert.Equal(e.GetProperty("first_pmid").GetString(), records[0].Pmid);                           // rows[0]['pubmedID']
        Assert.Equal(e.GetProperty("with_quote").GetInt32(), records.Count(r => r.Abstract?.Contains('"') == true));
    }

    [Fact]
    public void Author_cells_in_both_real_styles()
    {
        // Cohen: "E J Reimer; G S Dunn; ..."; Bannach-Brown: "R. L. Whistler and W. C. Lake"
        var cohen = TestData.Records(new CsvReader(), "screening/Cohen_2006_ADHD.csv")[0];
        Assert.Equal(6, cohen.Authors.Count);
        Assert.Equal(("Reimer", "EJ"), (cohen.Authors[0].LastName, cohen.Authors[0].Initials));
        Assert.Equal(1999, cohen.Year); // year column holds "1999.0"
        var bannach = TestData.Records(new CsvReader(), "screening/Bannach-Brown_2019.csv")[0];
        Assert.Equal(["Whistler", "Lake"], bannach.Authors.Select(a => a.LastName));
        var ppi = TestData.Records(new CsvReader(), "screening/Cohen_2006_ProtonPumpInhibitors.csv")[0];
        Assert.Equal("Bianchi Porro", ppi.Authors[3].LastName); // "G Bianchi Porro"
        Assert.Equal("Müller-Lissner", ppi.Authors[1].LastName);
    }

    [Fact]
    public void Quoted_fields_with_line_breaks_delimiters_and_doubled_quotes()
    {
        const string text = "Title,Abstract,DOI,Year\r\n"
                            + "\"One, two\",\"Line one\r\nline \"\"two\"\"\",https://doi.org/10.1000/ABC,2020\r\n"
                            + "Plain,,10.1/x,2021\r\n";
        var results = TestData.ReadText(new CsvReader(), text);

        var first = results[0].Record!;
        Assert.Equal(("One, two", "Line one\nline \"two\"", "10.1000/abc", 2020, 2), (first.Title, first.Abstract, first.Doi, first.Year, first.SourceLine));
        Assert.Equal(("Plain", null, 4, 1), (results[1].Record!.Title, results[1].Record!.Abstract, results[1].Record!.SourceLine, results[1].Record!.RecordIndex));
    }

    [Fact]
    public void Bad_rows_are_reported_and_good_rows_kept()
    {
        const string text = "title,abstract\nGood one,text\nToo,many,fields\n,\n\"Unterminated,abc\n";
        var results = TestData.ReadText(new CsvReader(), text);

        Assert.Equal("Good one", results[0].Record?.Title);
        Assert.Equal(new RecordError(1, 3, null, "row has 3 fields, the header has 2"), results[1].Error);
        Assert.Equal(new RecordError(2, 4, null, "row has no title, abstract, PMID or DOI"), results[2].Error);
        Assert.Equal(new RecordError(3, 5, null, "the file ends inside a quoted field; the row was not imported"), results[3].Error);
    }

    [Fact]
    public void A_header_with_spaces_after_its_commas_is_detected()
    {
        var results = TestData.ReadText(new CsvReader(), "title, authors, year, pubmedID\nA paper, A Author, 2019, 0012345\n");
        var record = Assert.Single(results).Record;
        Assert.NotNull(record);
        Assert.Equal(("A paper", "Author", 2019, "12345"), (record.Title, record.Authors.Single().LastName, record.Year, record.Pmid));
        Assert.Equal("authors", CsvColumnMapping.Detect(["title", " authors "]).Authors);
    }

    [Fact]
    public void Explicit_mapping_and_a_header_that_does_not_fit()
    {
        var mapping = new CsvColumnMapping { Title = "Name", Pmid = "Id" };
        var record = TestData.ReadText(new CsvReader(mapping), "Name;Id\nA paper;0012345\n")[0].Record!;
        Assert.Equal(("A paper", "12345"), (record.Title, record.Pmid));

        var rejected = Assert.Single(TestData.ReadText(new CsvReader(), "foo,bar\n1,2\n"));
        Assert.Equal("no title, abstract, PMID or DOI column found; header columns are: foo, bar", rejected.Error!.Reason);
    }

    [Fact]
    public void A_partial_mapping_names_its_columns_and_the_usual_headers_fill_the_rest()
    {
        var (mapping, unknown) = CsvColumnMapping.FromFields(new Dictionary<string, string> { ["TITLE"] = "Name", ["abstract"] = "Title" });
        Assert.Null(unknown);
        // "Title" is taken by the abstract, so detection does not also read it as the title; "Year" is detected.
        var record = TestData.ReadText(new CsvReader(mapping), "Name,Title,Year\nA paper,Its abstract.,2019\n")[0].Record!;
        Assert.Equal(("A paper", "Its abstract.", 2019), (record.Title, record.Abstract, record.Year));

        Assert.Equal("titel", CsvColumnMapping.FromFields(new Dictionary<string, string> { ["titel"] = "Name" }).UnknownField);
    }
}

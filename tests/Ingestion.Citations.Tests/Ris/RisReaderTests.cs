using EvSysReview.Ingestion.Citations.Ris;

namespace EvSysReview.Ingestion.Citations.Tests.Ris;

/// <summary>
/// Each real RIS sample and the quirk SOURCES.md lists for it. Expected values are read off the
/// files themselves (line numbers given), since no reference RIS parser is installed here.
/// </summary>
public sealed class RisReaderTests
{
    private static List<CitationRecord> Read(string file) => TestData.Records(new RisReader(), "ris/" + file);

    [Fact]
    public void Zotero_export_with_crlf_and_trailing_space_after_er()
    {
        var records = Read("asreview_pubmed_zotero.ris");

        Assert.Equal(6, records.Count);
        var second = records[1]; // lines 26-49: DA  - 2019/10//undefined, PY  - 2019
        Assert.Equal("Outcomes of inflammatory bowel disease surgery in obese versus non-obese patients: a meta-analysis.", second.Title);
        Assert.Equal(("10.1007/s10151-019-02080-0", 2019, "Techniques in coloproctology", "Tech Coloproctol"), (second.Doi, second.Year, second.Journal, second.JournalIsoAbbreviation));
        Assert.Equal(("23", "10", "947-955"), (second.Volume, second.Issue, second.Pages));
        Assert.Equal(("Hicks", "G."), (second.Authors[0].LastName, second.Authors[0].ForeName));
        Assert.DoesNotContain(records, r => r.Title!.EndsWith('\r') || r.Abstract!.Contains('\r'));
        // DO  - 10.1097/MD.0000000000016881 (upper case in the file)
        Assert.Equal("10.1097/md.0000000000016881", records[2].Doi);
    }

    [Fact]
    public void Endnote_export_with_untagged_continuation_lines_and_leading_blank_line()
    {
        var records = Read("asreview_pubmed_endnote.txt");

        Assert.Equal(6, records.Count);
        var first = records[0];
        Assert.Equal((2, "21553931"), (first.SourceLine, first.Pmid)); // AN  - 21553931 holds the PMID
        Assert.Equal("10.2165/11586800-000000000-00000", first.Doi);
        // KW  - Animals, then nine untagged lines: ten keywords.
        Assert.Equal(10, first.Keywords.Count);
        Assert.Equal("Plant Extracts/adverse effects/pharmacokinetics/*pharmacology", first.Keywords[^1]);
        Assert.Equal(["Abdel-Tawab", "Werz", "Schubert-Zsilavecz"], first.Authors.Select(a => a.LastName));
        // AD  - on line 45 plus four untagged lines: five addresses for record 2.
        Assert.Equal(5, records[1].Authors[0].Affiliations.Count);
        Assert.Equal("Shikoku Research Institute Inc.", records[1].Authors[0].Affiliations[1]);
        Assert.Equal(2011, first.Year); // PY  - 2011 wins over DA  - Jun
    }

    [Fact]
    public void Embase_export_with_t1_n2_a1_and_repeated_or_empty_tags()
    {
        var records = Read("asreview_embase.ris");

        Assert.Equal(6, records.Count);
        var first = records[0];
        Assert.Equal("Duplication cysts: Diagnosis, management, and the role of endoscopic ultrasound", first.Title); // T1
        Assert.StartsWith("Gastrointestinal tract duplication cysts are rare congenital", first.Abstract); // N2
        Assert.Equal([("Liu", null, "R."), ("Adler", null, "D.G.")], first.Authors.Select(a => (a.LastName, a.ForeName, a.Initials)));
        Assert.Equal(("10.4103/2303-9027.138783", 2014, "152-160", "Endoscopic Ultrasound"), (first.Doi, first.Year, first.Pages, first.Journal));
        Assert.Equal("15368318", records[1].Pmid); // C5  - 15368318 (record also in MEDLINE: DB  - Medline)
        Assert.Contains("©", records[1].Abstract);
        Assert.Null(records[2].Pmid); // third record has DB  - Embase and an empty DB  -, no C5
    }

    [Fact]
    public void Web_of_science_tagged_format_is_detected_and_read()
    {
        var records = Read("rispy_example_wos.ris");

        Assert.Equal(2, records.Count);
        var first = records[0];
        Assert.Equal(CitationFormat.WebOfScience, first.SourceFormat);
        Assert.Equal("Interactions stabilizing the structure of the core light-harvesting complex (LHl) of photosynthetic bacteria and its subunit (B820)", first.Title);
        Assert.Equal(("15170338", "10.1021/bi049798f", 2004, "7003-7016"), (first.Pmid, first.Doi, first.Year, first.Pages));
        Assert.Equal(["Parkes-Loach", "Majeed", "Law", "Loach"], first.Authors.Select(a => a.LastName));
        Assert.Equal(("15170339", 9), (records[1].Pmid, records[1].Authors.Count));
    }

    [Fact]
    public void Bom_and_cyrillic_text()
    {
        var record = Assert.Single(Read("rispy_example_utf_chars.ris"));
        Assert.Equal("Dobrokhotova", record.Authors[0].LastName); // the BOM is not part of "TY"
        Assert.StartsWith("Состояние рецепторного аппарата эндометрия", record.Abstract);
        Assert.Equal("8", record.Volume); // VO  - 8
        Assert.Equal("10.1186/s40981-020-0316-0", Assert.Single(Read("rispy_example_bom.ris")).Doi);
    }

    [Fact]
    public void Empty_tag_and_doi_given_as_a_url()
    {
        var record = Assert.Single(Read("rispy_example_empty_tag.ris"));
        Assert.Null(record.Pages); // SP  -
        Assert.Equal("10.1177/2325967120950040", record.Doi); // DO  - http://dx.doi.org/10.1177/...
        Assert.EndsWith("an athlete's safe return to sport...", record.Abstract); // N2 wrapped onto an untagged line
    }

    [Fact]
    public void Multiline_values_whether_indented_or_not()
    {
        var records = Read("rispy_example_multiline.ris");
        Assert.Equal(3, records.Count);
        // "ER then second line" on its own line is text, not an end tag.
        Assert.All(records, r => Assert.Equal("first line, ER then second line and at the end the last line", r.Abstract));
    }

    [Theory]
    [InlineData("rispy_example_extraneous_data.ris", 2, 5)]
    [InlineData("rispy_example_starting_newlines.ris", 1, 3)]
    [InlineData("rispy_example_full.ris", 2, 2)]
    [InlineData("rispy_example_full_without_whitespace.ris", 2, 2)]
    [InlineData("rispy_example_multi_unknown_tags.ris", 1, 1)]
    [InlineData("rispy_example_single_unknown_tag.ris", 1, 1)]
    [InlineData("rispy_example_urls.ris", 4, 1)]
    [InlineData("rispy_example_custom_list_tags.ris", 1, 2)]
    [InlineData("rispy_example_endnote.ris", 1, 1)]
    [InlineData("rispy_example_basic.ris", 1, 1)]
    public void Junk_around_records_and_unknown_tags_are_skipped(string file, int count, int firstLine)
    {
        var records = Read(file);
        Assert.Equal(count, records.Count);
        Assert.Equal(firstLine, records[0].SourceLine);
    }

    [Fact]
    public void Endnote_style_synthetic_record_keeps_every_keyword()
    {
        var record = Assert.Single(Read("rispy_example_endnote.ris"));
        Assert.Equal(["citation", "reference", "library", "wizardry", "coffee", "procrastination", "EndNote", "RIS"], record.Keywords);
        Assert.Equal(2, record.Authors[0].Affiliations.Count);
    }

    [Fact]
    public void Truncated_file_reports_the_unfinished_record()
    {
        var results = TestData.ReadText(new RisReader(), "TY  - JOUR\nTI  - Whole\nER  - \n\nTY  - JOUR\nTI  - Cut off");

        Assert.Equal("Whole", results[0].Record?.Title);
        Assert.Equal(new RecordError(1, 5, null, "the file ends inside a record (no end tag); the record was not imported"), results[1].Error);
    }

    [Fact]
    public void Oversized_record_is_refused_and_reading_goes_on()
    {
        var huge = string.Join("\n", Enumerable.Range(0, 2000).Select(i => "KW  - keyword " + i));
        var text = $"TY  - JOUR\nTI  - Big\n{huge}\nER  - \nTY  - JOUR\nTI  - Small\nER  - \n";
        var results = TestData.ReadText(new RisReader(new CitationReaderOptions { MaxRecordBytes = 10_000 }), text);

        Assert.Equal(2, results.Count);
        Assert.Equal("record is larger than the limit of 10000 characters", results[0].Error!.Reason);
        Assert.Equal(("Small", 1), (results[1].Record?.Title, results[1].Record?.RecordIndex));
    }
}

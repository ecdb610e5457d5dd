using System.Text.Json;
using EvSysReview.Ingestion.Citations.Medline;

namespace EvSysReview.Ingestion.Citations.Tests.Medline;

/// <summary>
/// Real .nbib files against Bio.Medline.parse (Biopython 1.80): reference/medline_expected.json,
/// printed by reference/medline_expected.py; rec = one record of Bio.Medline.parse(handle).
/// </summary>
public sealed class MedlineReaderTests
{
    private static readonly JsonElement Expected = TestData.Reference("medline_expected.json");

    public static TheoryData<string> Files() => TestData.FilesIn(Expected);

    private static List<CitationRecord> Read(string file) => TestData.Records(new MedlineReader(), "medline/" + file);

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_record_matches_biopython(string file)
    {
        var expected = Expected.GetProperty(file).EnumerateArray().ToList();
        var actual = Read(file);

        Assert.Equal(expected.Count, actual.Count);
        foreach (var (e, r) in expected.Zip(actual))
        {
            Assert.Equal(Str(e, "pmid"), r.Pmid);                 // rec['PMID']
            Assert.Equal(Str(e, "title"), r.Title);               // rec['TI']
            Assert.Equal(Str(e, "abstract"), r.Abstract);         // rec['AB']
            Assert.Equal(Str(e, "doi"), r.Doi);                   // rec['AID'] '... [doi]'
            Assert.Equal(Str(e, "pmc"), r.Pmcid);                 // rec['PMC']
            Assert.Equal(Str(e, "la"), r.Language);               // rec['LA'][0]
            Assert.Equal(Str(e, "dp"), r.PublicationDate);        // rec['DP']
            Assert.Equal(Str(e, "ta"), r.JournalIsoAbbreviation); // rec['TA']
            Assert.Equal(Str(e, "jt"), r.Journal);                // rec['JT']
            Assert.Equal((Str(e, "vi"), Str(e, "ip"), Str(e, "pg")), (r.Volume, r.Issue, r.Pages));
            Assert.Equal(e.GetProperty("year").ValueKind == JsonValueKind.Null ? null : e.GetProperty("year").GetInt32(), r.Year);
            // rec['FAU'] is "Last, Fore"; rec['CN'] collective names come in order among the authors.
            Assert.Equal(List(e, "fau"), r.Authors.Where(a => a.CollectiveName is null && a.ForeName is not null).Select(a => $"{a.LastName}, {a.ForeName}"));
            Assert.Equal(List(e, "cn"), r.Authors.Where(a => a.CollectiveName is not null).Select(a => a.CollectiveName!));
            Assert.Equal(List(e, "pt"), r.PublicationTypes);      // rec['PT']
            Assert.Equal(List(e, "ot"), r.Keywords);              // rec['OT']
            Assert.Equal(List(e, "mh"), r.MeshTerms.Select(Format)); // rec['MH']
        }
    }

    [Fact]
    public void Authors_have_initials_and_affiliations()
    {
        // rec['FAU'][0] == 'Casbon, James A', rec['AU'][0] == 'Casbon JA', rec['AD'] (before the authors: the first author's)
        var record = Read("biopython_pubmed_result2.nbib")[0];
        var first = record.Authors[0];
        Assert.Equal(("Casbon", "James A", "JA"), (first.LastName, first.ForeName, first.Initials));
        Assert.StartsWith("Bioinformatics, Institute of Cell and Molecular Science", Assert.Single(first.Affiliations));
        Assert.Equal(3, record.Authors.Count);
    }

    [Fact]
    public void Mesh_qualifiers_and_major_topics()
    {
        // rec['MH'][0] == '*Database Management Systems', rec['MH'][2] == 'Information Storage and Retrieval/*methods'
        var mesh = Read("biopython_pubmed_result2.nbib")[0].MeshTerms;
        Assert.Equal(new MeshTerm("Database Management Systems", true, []), mesh[0] with { Qualifiers = [] });
        Assert.Equal("Information Storage and Retrieval", mesh[2].Descriptor);
        Assert.False(mesh[2].MajorTopic);
        Assert.Equal([new MeshQualifier("methods", true)], mesh[2].Qualifiers);
        Assert.True(mesh[2].AnyMajorTopic);
    }

    [Fact]
    public void Counts_and_non_ascii_names_in_the_rispy_sample()
    {
        var records = Read("rispy_example_pubmed.nbib");
        // sum(len(rec['FAU']) for rec in ...) == 88, sum(len(rec['MH'])) == 86
        Assert.Equal(88, records.Sum(r => r.Authors.Count(a => a.ForeName is not null)));
        Assert.Equal(86, records.Sum(r => r.MeshTerms.Count));
        Assert.Contains(records.SelectMany(r => r.Authors), a => a is { LastName: "Peñalver", ForeName: "Enrique" });
        Assert.Contains(records, r => r.PublicationTypes.Contains("Historical Article"));
    }

    [Fact]
    public void Links_read_the_target_pmid_and_records_split_without_blank_line()
    {
        const string text = """
            PMID- 111
            TI  - Retracted paper.
            RIN - Nature. 2020 Jan;1(1):1. PMID: 222
            PT  - Journal Article
            PT  - Retracted Publication
            PMID- 222
            TI  - Retraction notice.
            ROF - Nature. 2019;1:1. PMID: 111
            PT  - Retraction of Publication
            """;
        var results = TestData.ReadText(new MedlineReader(), text);

        Assert.Equal(2, results.Count);
        var retracted = results[0].Record!;
        Assert.True(retracted.IsRetracted);
        Assert.Equal(new CitationLink(CitationLinkType.RetractionIn, "RetractionIn", "222", "Nature. 2020 Jan;1(1):1. PMID: 222"), Assert.Single(retracted.Links));
        var notice = results[1].Record!;
        Assert.True(notice.IsRetractionNotice);
        Assert.Equal((6, 1), (notice.SourceLine, notice.RecordIndex));
    }

    private static string Format(MeshTerm m) =>
        (m.MajorTopic ? "*" : "") + m.Descriptor + string.Concat(m.Qualifiers.Select(q => "/" + (q.MajorTopic ? "*" : "") + q.Name));

    private static string? Str(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.String ? e.GetProperty(name).GetString() : null;

    private static List<string> List(JsonElement e, string name) => e.GetProperty(name).EnumerateArray().Select(x => x.GetString()!).ToList();
}

using EvSysReview.Ingestion.Citations.Csv;
using EvSysReview.Ingestion.Citations.Deduplication;
using EvSysReview.Ingestion.Citations.Medline;
using EvSysReview.Ingestion.Citations.PubMed;

namespace EvSysReview.Ingestion.Citations.Tests.Deduplication;

public sealed class CitationDeduplicatorTests
{
    private static readonly Lazy<List<CitationRecord>> CohenAce = new(() => TestData.Records(new CsvReader(), "screening/Cohen_2006_ACEInhibitors.csv.gz"));

    [Fact]
    public void Incremental_alert_batch_of_the_same_papers_is_all_duplicates()
    {
        // Python: len(set(cohen pmids)) == 2544; set(ferdinands pmids) - set(cohen pmids) == set() (2235 records)
        var dedup = new CitationDeduplicator();
        foreach (var r in CohenAce.Value) dedup.Add("cohen:" + r.RecordIndex, r, "Cohen 2006 CSV");
        Assert.Equal(2544, dedup.ClusterCount);

        var alert = TestData.Records(new CsvReader(), "screening/Ferdinands2020_sim_ace.csv.gz");
        var outcomes = dedup.AddBatch(alert.Select(r => ("alert:" + r.RecordIndex, r)), "PubMed alert");

        Assert.All(outcomes, o => Assert.Equal(DuplicateMatch.Pmid, o.MatchedBy));
        Assert.Equal(2544, dedup.ClusterCount);
        Assert.Equal(new Dictionary<string, int> { ["Cohen 2006 CSV"] = 2544, ["PubMed alert"] = 2235 }, dedup.Counts().IdentifiedPerSource);
        Assert.Equal((4779, 2235, 2544), (dedup.Counts().Identified, dedup.Counts().DuplicatesRemoved, dedup.Counts().Unique));
    }

    [Fact]
    public void Same_title_with_different_pmids_stays_apart()
    {
        // Python: 4 folded titles occur twice in Cohen ACE, each time under two different PMIDs
        var dedup = new CitationDeduplicator();
        foreach (var r in CohenAce.Value) dedup.Add(r.RecordIndex.ToString(), r, "csv");
        Assert.Equal(0, dedup.Counts().DuplicatesRemoved);
    }

    [Fact]
    public void Doi_match_ignores_case_and_resolver_prefix()
    {
        var xml = TestData.Records(new PubMedXmlReader(), "pubmed/biopython_pubmed4.xml")[0];
        var variant = new CitationRecord { SourceFormat = CitationFormat.Ris, Title = "Something else entirely", Doi = Identifiers.NormalizeDoi("https://doi.org/10.1136/GUTJNL-2016-312510") };
        var dedup = new CitationDeduplicator();
        dedup.Add("xml", xml, "PubMed");

        var outcome = dedup.Add("ris", variant, "Embase");
        Assert.Equal((DuplicateMatch.Doi, "xml", "xml"), (outcome.MatchedBy, outcome.MatchedRecordKey, outcome.ClusterId));
    }

    [Fact]
    public void Pmcid_matches_across_formats()
    {
        var nbib = TestData.Records(new MedlineReader(), "medline/biopython_pubmed_result2.nbib")[0]; // PMC - PMC1373603
        var dedup = new CitationDeduplicator();
        dedup.Add("nbib", nbib, "MEDLINE");
        var outcome = dedup.Add("other", new CitationRecord { SourceFormat = CitationFormat.Csv, Title = "x", Pmcid = "PMC1373603" }, "CSV");
        Assert.Equal(DuplicateMatch.Pmcid, outcome.MatchedBy);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(-1, true)]
    [InlineData(2, false)]
    public void Fuzzy_title_match_tolerates_one_year(int yearShift, bool duplicate)
    {
        var original = TestData.Records(new CsvReader(), "screening/Cohen_2006_ADHD.csv")[0];
        var variant = original with
        {
            Pmid = null,
            // "The effectiveness of clonidine as an analgesic in paediatric adenotonsillectomy." in other clothes
            Title = "THE EFFECTIVENESS OF CLONIDINE AS AN ANALGESIC IN PAEDIATRIC ADENOTONSILLECTOMY",
            Year = original.Year + yearShift,
        };
        var dedup = new CitationDeduplicator();
        dedup.Add("a", original, "one");
        Assert.Equal(duplicate ? DuplicateMatch.TitleYearFirstAuthor : null, dedup.Add("b", variant, "two").MatchedBy);
    }

    [Fact]
    public void Fuzzy_match_folds_diacritics_and_needs_the_same_first_author()
    {
        var janne = new CitationRecord
        {
            SourceFormat = CitationFormat.PubMedXml, Title = "Osimertinib in EGFR-mutant lung cancer: a trial", Year = 2015,
            Authors = [new CitationAuthor { LastName = "Jänne", ForeName = "Pasi A" }],
        };
        var dedup = new CitationDeduplicator(new DeduplicationOptions { YearTolerance = 0 });
        dedup.Add("a", janne, "PubMed");

        var ascii = janne with { Title = "Osimertinib in EGFR mutant lung cancer - a trial.", Authors = [new CitationAuthor { LastName = "Janne", Initials = "PA" }] };
        Assert.Equal(DuplicateMatch.TitleYearFirstAuthor, dedup.Add("b", ascii, "Embase").MatchedBy);
        var otherAuthor = janne with { Authors = [new CitationAuthor { LastName = "Smith" }] };
        Assert.Null(dedup.Add("c", otherAuthor, "Embase").MatchedBy);
        var nextYear = janne with { Year = 2016 };
        Assert.Null(dedup.Add("d", nextYear, "Embase").MatchedBy); // tolerance 0
        Assert.Equal("strasse orsted lodz", MatchKeys.FoldTitle("Straße  Ørsted, Łódź"));
        var neitherYearNorAuthor = new CitationRecord { SourceFormat = CitationFormat.Csv, Title = janne.Title };
        Assert.Null(dedup.Add("e", neitherYearNorAuthor, "CSV").MatchedBy);
    }

    [Fact]
    public void Most_complete_record_is_primary_and_every_source_record_is_kept()
    {
        var xml = TestData.Records(new PubMedXmlReader(), "pubmed/biopython_pubmed2.xml")[0]; // full PubMed record
        var bare = new CitationRecord { SourceFormat = CitationFormat.Csv, Pmid = xml.Pmid, Title = xml.Title };
        var dedup = new CitationDeduplicator();
        dedup.Add("csv", bare, "CSV");
        dedup.Add("xml", xml, "PubMed");

        var cluster = dedup.ClusterOf("csv");
        Assert.Equal("csv", cluster.Id);
        Assert.Equal(["csv", "xml"], cluster.RecordKeys);
        Assert.Equal("xml", cluster.PrimaryRecordKey);
        Assert.True(CompletenessScore.Of(xml) > CompletenessScore.Of(bare));
    }

    [Fact]
    public void Split_keeps_records_apart_and_merge_joins_them_again()
    {
        var original = new CitationRecord
        {
            SourceFormat = CitationFormat.Ris, Title = "Exosomes from mesenchymal stem cells in a mouse model", Year = 2020,
            Authors = [new CitationAuthor { LastName = "Lee" }],
        };
        var dedup = new CitationDeduplicator();
        dedup.Add("a", original, "RIS");
        dedup.Add("b", original with { Year = 2021 }, "RIS");
        Assert.Equal(1, dedup.ClusterCount);

        var split = dedup.Split(["b"]);
        Assert.Equal(("b", 2), (split.Id, dedup.ClusterCount));
        // A third copy matches both; it may join one of them but must not glue them back together.
        dedup.Add("c", original, "alert");
        Assert.Equal(2, dedup.ClusterCount);
        Assert.Equal(["a", "c"], dedup.ClusterOf("c").RecordKeys);

        var merged = dedup.Merge("a", "b");
        Assert.Equal(("a", 1), (merged.Id, dedup.ClusterCount));
        Assert.Equal(["a", "b", "c"], merged.RecordKeys);
        Assert.Equal((3, 2, 1), (dedup.Counts().Identified, dedup.Counts().DuplicatesRemoved, dedup.Counts().Unique));
    }

    [Fact]
    public void Short_generic_titles_never_match_by_title()
    {
        var dedup = new CitationDeduplicator();
        var editorial = new CitationRecord { SourceFormat = CitationFormat.Csv, Title = "Editorial.", Year = 2020, Authors = [new CitationAuthor { LastName = "Smith" }] };
        dedup.Add("a", editorial, "x");
        Assert.Null(dedup.Add("b", editorial, "y").MatchedBy);
    }
}

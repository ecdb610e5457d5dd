using EvSysReview.Ingestion.Citations.PubMed;

namespace EvSysReview.Ingestion.Citations.Tests.PubMed;

/// <summary>
/// Cases the forward-only mapper must get right that the real samples do not show: errors that
/// name the broken record, self-closing elements, markup in every text field, first-of-kind rules,
/// and the constructed retraction fixtures (tests/Ingestion.Tests/Fixtures, see its README).
/// </summary>
public sealed class PubMedXmlReaderStreamingTests
{
    private static string Fixture(string name) => System.IO.Path.Combine(TestData.RepositoryRoot, "tests", "Ingestion.Tests", "Fixtures", name);

    private static CitationRecord ReadFixture(string name)
    {
        using var stream = File.OpenRead(Fixture(name));
        return Assert.Single(new PubMedXmlReader().Read(stream)).Record!;
    }

    [Fact]
    public void Constructed_retraction_notice_retracts_the_pmid_it_names()
    {
        var notice = ReadFixture("constructed-retraction-notice.xml");

        Assert.Equal("90000001", notice.Pmid);
        Assert.True(notice.IsRetractionNotice);
        Assert.False(notice.IsRetracted);
        var link = Assert.Single(notice.Links);
        Assert.Equal((CitationLinkType.RetractionOf, "RetractionOf", "9997"), (link.Type, link.RefType, link.Pmid));
        Assert.StartsWith("Biochim Biophys Acta. 1976 Sep 28", link.RefSource);
        Assert.Equal("Constructed Test Fixture Editors", Assert.Single(notice.Authors).CollectiveName);
    }

    [Fact]
    public void Constructed_later_version_says_it_is_retracted()
    {
        var later = ReadFixture("constructed-retracted-later-version.xml");

        Assert.Equal("12091962", later.Pmid);
        Assert.True(later.IsRetracted);
        Assert.False(later.IsRetractionNotice);
        Assert.Equal(["Journal Article", "Review", "Retracted Publication"], later.PublicationTypes);
        Assert.Equal((CitationLinkType.RetractionIn, "90000002"), (later.Links.Single().Type, later.Links.Single().Pmid));
        Assert.Equal(("1990 Spring", 1990, "113-25"), (later.PublicationDate, later.Year, later.Pages));
    }

    [Fact]
    public void Malformed_xml_inside_a_record_names_that_record()
    {
        var xml = "<PubmedArticleSet>\n<PubmedArticle><MedlineCitation><PMID>7</PMID><Article><ArticleTitle>ok</ArticleTitle></Article></MedlineCitation></PubmedArticle>\n"
                  + "<PubmedArticle>\n<MedlineCitation><PMID>8</PMID><Article><ArticleTitle>cut <i>here</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>";
        var results = TestData.ReadText(new PubMedXmlReader(), xml);

        Assert.Equal("7", results[0].Record?.Pmid);
        var error = results[1].Error!;
        Assert.Equal((1, 4), (error.RecordIndex, error.Line));
        Assert.Contains("in the record starting at line 3 (PMID 8): ", error.Reason);
        Assert.EndsWith("; the rest of the file was not read", error.Reason);
        Assert.Equal(2, results.Count); // the broken record is dropped whole, not half-imported
    }

    [Fact]
    public void Record_size_cap_names_the_record()
    {
        var xml = "<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>41</PMID><Article><ArticleTitle>"
                  + new string('x', 100_000) + "</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>";
        var error = Assert.Single(TestData.ReadText(new PubMedXmlReader(new CitationReaderOptions { MaxRecordBytes = 30_000 }), xml)).Error!;

        Assert.Equal("record is larger than the limit of 30000 bytes in the record starting at line 1 (PMID 41); the rest of the file was not read", error.Reason);
    }

    [Fact]
    public void Self_closing_elements_are_empty_fields_and_an_empty_article_is_a_bad_record()
    {
        var xml = """
            <PubmedArticleSet>
            <PubmedArticle/>
            <PubmedArticle><MedlineCitation><PMID>9</PMID><Article><ArticleTitle/><VernacularTitle>Titre</VernacularTitle>
            <Abstract><AbstractText Label="BACKGROUND"/><AbstractText Label="RESULTS">Better.</AbstractText><AbstractText/></Abstract>
            <AuthorList><Author><LastName>Ng</LastName><ForeName/><Initials>K</Initials></Author><Author/></AuthorList>
            <Journal><JournalIssue><PubDate><Year>2001</Year><Month/></PubDate></JournalIssue></Journal></Article></MedlineCitation></PubmedArticle>
            </PubmedArticleSet>
            """;
        var results = TestData.ReadText(new PubMedXmlReader(), xml);

        Assert.Equal(new RecordError(0, 2, null, "PubmedArticle has no MedlineCitation"), results[0].Error);
        var record = results[1].Record!;
        Assert.Equal("Titre", record.Title);
        Assert.Equal([("BACKGROUND", ""), ("RESULTS", "Better.")], record.AbstractSections.Select(s => (s.Label, s.Text)));
        Assert.Equal("BACKGROUND:  RESULTS: Better.", record.Abstract);
        Assert.Equal([("Ng", null, "K"), (null, null, null)], record.Authors.Select(a => (a.LastName, a.ForeName, a.Initials)));
        Assert.Equal(("2001", 2001), (record.PublicationDate, record.Year));
    }

    [Fact]
    public void Only_the_records_own_elements_fill_its_fields()
    {
        // The reference's PMID, ArticleIdList and Title must not leak into the article's fields; a
        // second ArticleTitle and a second PMID are ignored (the first of each is the record's).
        var xml = """
            <PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>100</PMID><PMID>200</PMID>
            <Article><Journal><Title>J One</Title></Journal><ArticleTitle>First <sup>title</sup></ArticleTitle><ArticleTitle>Second</ArticleTitle>
            <ELocationID EIdType="pii">S0000</ELocationID><ELocationID EIdType="doi">10.1000/FROM-ELOCATION</ELocationID></Article>
            <CommentsCorrectionsList><CommentsCorrections RefType="ErratumIn"><RefSource>J One 2</RefSource><PMID>300</PMID></CommentsCorrections></CommentsCorrectionsList>
            </MedlineCitation><PubmedData><ReferenceList><Reference><Citation>Other paper</Citation>
            <ArticleIdList><ArticleId IdType="doi">10.9999/reference</ArticleId><ArticleId IdType="pubmed">400</ArticleId></ArticleIdList></Reference></ReferenceList>
            <ArticleIdList><ArticleId IdType="pubmed">100</ArticleId><ArticleId IdType="pmc">PMC55</ArticleId></ArticleIdList></PubmedData></PubmedArticle></PubmedArticleSet>
            """;
        var record = Assert.Single(TestData.ReadText(new PubMedXmlReader(), xml)).Record!;

        Assert.Equal(("100", "First title", "J One"), (record.Pmid, record.Title, record.Journal));
        Assert.Equal(("10.1000/from-elocation", "PMC55"), (record.Doi, record.Pmcid));
        Assert.Equal(("300", "J One 2"), (record.Links.Single().Pmid, record.Links.Single().RefSource));
    }

    [Fact]
    public void Markup_is_flattened_in_every_text_field()
    {
        var xml = """
            <PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>5</PMID><Article>
            <ArticleTitle>Ca<sup>2+</sup>   and <mml:math xmlns:mml="http://www.w3.org/1998/Math/MathML">
                <mml:mi>x</mml:mi>
                <mml:mn>2</mml:mn>
              </mml:math> in <i>vivo</i></ArticleTitle>
            <AuthorList><Author><CollectiveName>The <b>ABC</b> Group</CollectiveName><AffiliationInfo><Affiliation>Dept <i>X</i>, Oslo</Affiliation></AffiliationInfo></Author></AuthorList>
            <PublicationTypeList><PublicationType>Journal <i>Article</i></PublicationType></PublicationTypeList></Article>
            <KeywordList><Keyword>MSC-<i>EV</i>s</Keyword><Keyword> </Keyword></KeywordList></MedlineCitation></PubmedArticle></PubmedArticleSet>
            """;
        var record = Assert.Single(TestData.ReadText(new PubMedXmlReader(), xml)).Record!;

        Assert.Equal("Ca2+ and x2 in vivo", record.Title);
        Assert.Equal("The ABC Group", record.Authors.Single().CollectiveName);
        Assert.Equal(["Dept X, Oslo"], record.Authors.Single().Affiliations);
        Assert.Equal(["Journal Article"], record.PublicationTypes);
        Assert.Equal(["MSC-EVs"], record.Keywords);
    }
}

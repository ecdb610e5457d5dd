namespace EvSysReview.Ingestion;

/// <summary>Settings of the ingestion service (configuration section "Ingestion").</summary>
public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    /// <summary>An upload larger than this is refused with 413. Matches the gateway's default body limit.</summary>
    public long MaxUploadBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Where uploads wait for the import worker; default {Storage:DataDirectory}/ingestion-uploads.</summary>
    public string? UploadDirectory { get; set; }

    /// <summary>The import document's progress (records read, errors) is saved every this many records.</summary>
    public int ProgressEvery { get; set; } = 50;

    /// <summary>At most this many errors are kept on an import or run; the count covers all of them.</summary>
    public int MaxStoredErrors { get; set; } = 1000;

    public AlertOptions Alerts { get; set; } = new();
}

/// <summary>The PubMed alert poller and its E-utilities client ("Ingestion:Alerts").</summary>
public sealed class AlertOptions
{
    /// <summary>NCBI's E-utilities; a test points this at its fake server.</summary>
    public string BaseUrl { get; set; } = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/";

    /// <summary>Sent as tool= and email= as NCBI asks, so they can reach the operator before blocking an IP.</summary>
    public string Tool { get; set; } = "evsysreview";

    public string? Email { get; set; }

    /// <summary>How often the poller looks for due searches (a run-now wakes it at once).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>PMIDs per efetch request; NCBI recommends at most 200 for GET.</summary>
    public int FetchBatchSize { get; set; } = 200;

    /// <summary>IDs per esearch page (PubMed lists at most the first 9,999 ids of one search).</summary>
    public int SearchPageSize { get; set; } = 9999;

    /// <summary>
    /// PubMed's esearch lists (and its history server serves) at most 9,999 hits of one search; a
    /// date window with more is halved until each part fits. Lower only to test the splitting;
    /// a higher value is clamped to 9,999.
    /// </summary>
    public int MaxSearchCount { get; set; } = 9999;

    /// <summary>Requests per second without an API key (NCBI: 3) and with one (NCBI: 10).</summary>
    public int RequestsPerSecond { get; set; } = 3;

    public int RequestsPerSecondWithKey { get; set; } = 10;

    /// <summary>First retry delay of the resilience handler (exponential with jitter after it).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    public int MaxRetryAttempts { get; set; } = 4;

    /// <summary>How long one attempt of a request may take, its answer read to the end.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a request may take with all its retries; backoff 2+4+8+16 s plus five attempts must fit.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>
    /// The largest answer one request may bring; a larger one fails the run, unretried. A 200-record
    /// efetch is about 3 MB (16 KB a record on average, 44 KB the largest sample: 9 MB), an esearch
    /// of 9,999 PMIDs about 200 KB; without a cap HttpClient buffered up to 2 GB.
    /// </summary>
    public long MaxAnswerBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// How long a runner's claim on a run holds without a renewal. The runner renews it every third
    /// of this while it works (a heartbeat, whatever the run's progress), and at every save. Another
    /// instance's poller leaves a claimed run alone until then, and takes over a run whose runner died
    /// once it has passed. Two minutes: a dead runner's run waits at most that (plus a poll interval);
    /// a live runner has two more renewals before its claim could lapse.
    /// </summary>
    public TimeSpan RunLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The first run of a search (no cursor yet) searches from this Entrez date.</summary>
    public DateOnly BackfillFrom { get; set; } = new(1800, 1, 1);
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EvSysReview.Contracts.Ingestion;
using EvSysReview.Ingestion.Citations;
using EvSysReview.Ingestion.Records;
using EvSysReview.ServiceDefaults.Storage;
using EvSysReview.TestSupport;
using EvSysReview.Ingestion.Alerts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EvSysReview.Ingestion.Tests;

/// <summary>The PubMed alert poller against a fake E-utilities server replaying recorded responses.</summary>
public sealed class AlertTests : IAsyncLifetime
{
    private FakeEUtilities fake = null!;
    private IngestionHost ingestion = null!;

    public async Task InitializeAsync()
    {
        fake = await FakeEUtilities.StartAsync();
        ingestion = await StartHostAsync(null);
    }

    public async Task DisposeAsync()
    {
        await ingestion.DisposeAsync();
        await fake.DisposeAsync();
    }

    /// <param name="maxSearchCount">Stands in for PubMed's 9,999-hit esearch limit, so 14 records can overflow it; 10,000 (above the limit) is clamped to it.</param>
    /// <param name="attemptTimeout">How long NCBI may take per attempt: short where the test waits for it to give up, long (the default) where it holds answers.</param>
    /// <param name="overrides">Further Ingestion:Alerts settings of one test (a lower MaxAnswerBytes, a longer PollInterval).</param>
    private Task<IngestionHost> StartHostAsync(
        string? dataDirectory, int maxSearchCount = 10000, string attemptTimeout = "00:00:30", IReadOnlyDictionary<string, string>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Ingestion:Alerts:BaseUrl"] = fake.Address.ToString(),
            ["Ingestion:Alerts:PollInterval"] = "00:00:00.200",
            ["Ingestion:Alerts:FetchBatchSize"] = "4",
            ["Ingestion:Alerts:RetryDelay"] = "00:00:00.050",
            ["Ingestion:Alerts:MaxSearchCount"] = maxSearchCount.ToString(),
            ["Ingestion:Alerts:AttemptTimeout"] = attemptTimeout,
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>()) settings[$"Ingestion:Alerts:{key}"] = value;
        return IngestionHost.StartAsync(dataDirectory, settings);
    }

    /// <summary>What every failed run's message ends with: the reviewer's answer to "is anything lost, what now".</summary>
    private static string NothingIsLost(string from = "1800-01-01") =>
        $"Nothing is lost: the next run searches from {from} again, fetches what this run did not and recognises the records it saved.";

    /// <summary>Restarts the service on a fresh folder with a smaller esearch cap, and gives the articles their recorded Entrez dates.</summary>
    private async Task UseSmallSearchCapAsync(int cap)
    {
        await ingestion.DisposeAsync();
        ingestion = await StartHostAsync(null, cap);
        fake.UseRecordedEntrezDates();
    }

    /// <summary>Restarts the service on a fresh folder whose own poller waits an hour after its first, empty poll: the test runs and polls by hand.</summary>
    private async Task RestartPollingByHandAsync(int maxSearchCount = 10000, string? runLease = null)
    {
        await ingestion.DisposeAsync();
        var overrides = new Dictionary<string, string> { ["PollInterval"] = "01:00:00" };
        if (runLease is not null) overrides["RunLease"] = runLease;
        ingestion = await StartHostAsync(null, maxSearchCount, overrides: overrides);
    }

    /// <summary><see cref="RestartPollingByHandAsync"/>, with a project and a saved search (not enabled).</summary>
    private async Task<(Guid ProjectId, Guid SearchId, string Url, ModuleStore<IngestionModule> Store)> StartWithASearchRunByHandAsync(int maxSearchCount = 10000, string? runLease = null)
    {
        await RestartPollingByHandAsync(maxSearchCount, runLease);
        var projectId = await ingestion.CreateProjectAsync();
        var searchId = await CreateSearchAsync(projectId);
        return (projectId, searchId, $"{IngestionHost.Base(projectId)}/searches/{searchId}", ingestion.Host.Services.GetRequiredService<ModuleStore<IngestionModule>>());
    }

    private async Task<Guid> CreateSearchAsync(Guid projectId, object? body = null)
    {
        var response = await ingestion.As("dana").PostAsJsonAsync($"{IngestionHost.Base(projectId)}/searches",
            body ?? new { name = "MSC-EV alert", query = "(mesenchymal stem cell) AND (extracellular vesicles OR exosomes)" });
        await IngestionHost.ExpectAsync(HttpStatusCode.Created, response, "create a saved search");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private async Task<Guid> RunNowAsync(Guid projectId, Guid searchId)
    {
        var response = await ingestion.As("alice").PostAsync($"{IngestionHost.Base(projectId)}/searches/{searchId}/run", null);
        await IngestionHost.ExpectAsync(HttpStatusCode.Accepted, response, "run now");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetGuid();
    }

    private async Task<JsonElement> WaitForRunAsync(IngestionHost host, Guid projectId, Guid searchId, Guid runId, string status = "completed")
    {
        JsonElement run = default;
        await Eventually.HoldsAsync(async () =>
        {
            var runs = await host.JsonAsync($"{IngestionHost.Base(projectId)}/searches/{searchId}/runs", "erin");
            run = runs.EnumerateArray().FirstOrDefault(r => r.GetProperty("runId").GetGuid() == runId);
            return run.ValueKind == JsonValueKind.Object && run.GetProperty("status").GetString() != "running";
        }, $"run {runId} ended", TimeSpan.FromSeconds(90));
        Assert.True(run.GetProperty("status").GetString() == status, $"run ended {run}");
        return run;
    }

    /// <summary>A run's fetched, and its new + duplicates + errorCount, which account for the same records when every error is a record's.</summary>
    private static (int Fetched, int Accounted) FetchedAndAccounted(JsonElement run) =>
        (run.GetProperty("fetched").GetInt32(), run.GetProperty("new").GetInt32() + run.GetProperty("duplicates").GetInt32() + run.GetProperty("errorCount").GetInt32());

    private async Task<List<string>> ImportedPmidsAsync(IngestionHost host, Guid projectId) =>
        (await host.RecordsAsync(projectId)).Select(r => r.GetProperty("pmid").GetString()!).ToList();

    /// <summary>The PMIDs of the source records the alert runs saved, once per record (a duplicate shares its citation with a manual import's).</summary>
    private async Task<List<string>> AlertRecordPmidsAsync(Guid projectId) =>
        (await ingestion.RecordsAsync(projectId)).SelectMany(r => r.GetProperty("sources").EnumerateArray())
            .Where(s => s.GetProperty("source").GetString() == "pubmed-alert").Select(s => s.GetProperty("pmid").GetString()!).ToList();

    [Fact]
    public async Task A_run_fetches_every_record_in_batches_at_the_rate_limit_and_a_second_run_finds_nothing_new()
    {
        var projectId = await ingestion.CreateProjectAsync();
        var searchId = await CreateSearchAsync(projectId);
        var run = await WaitForRunAsync(ingestion, projectId, searchId, await RunNowAsync(projectId, searchId));

        Assert.Equal(14, fake.Pmids.Count);
        Assert.Equal(14, run.GetProperty("found").GetInt32());
        Assert.Equal(14, run.GetProperty("new").GetInt32());
        Assert.Equal(0, run.GetProperty("duplicates").GetInt32());
        Assert.Equal(0, run.GetProperty("errorCount").GetInt32());
        Assert.Equal(fake.Pmids.Order(), (await ImportedPmidsAsync(ingestion, projectId)).Order());
        var fetches = fake.Of("efetch");
        var search = fake.Of("esearch").Single();
        Assert.Equal("y", search.Query["usehistory"]);
        // Every batch from the history server: the search's WebEnv and query_key, retstart/retmax of at most 4.
        Assert.Equal([("0", "4"), ("4", "4"), ("8", "4"), ("12", "2")], fetches.Select(f => (f.Query["retstart"], f.Query["retmax"])));
        Assert.All(fetches, f => Assert.Equal(("1", 1), (f.Query["query_key"], fetches.Select(x => x.Query["WebEnv"]).Distinct().Count())));
        Assert.All(fetches, f => Assert.False(f.Query.ContainsKey("id")));
        Assert.Equal(fake.Pmids, fetches.SelectMany(f => f.Served));
        Assert.Equal("edat", search.Query["datetype"]);
        Assert.Equal("1800/01/01", search.Query["mindate"]);
        Assert.Equal("pubmed", search.Query["db"]);
        // 3 requests per second without an API key: consecutive requests at least ~1/3 s apart.
        var times = fake.Requests.Select(r => r.At).Order().ToList();
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromMilliseconds(300), $"requests {pair.First:O} and {pair.Second:O}"));
        await Eventually.HoldsAsync(() => Task.FromResult(ingestion.Observed.Of<ImportCompleted>(projectId).SingleOrDefault() is { Source: "pubmed-alert", RecordsImported: 14 }), "ImportCompleted of the run");

        var second = await WaitForRunAsync(ingestion, projectId, searchId, await RunNowAsync(projectId, searchId));
        Assert.Equal(14, second.GetProperty("found").GetInt32());
        Assert.Equal(14, second.GetProperty("alreadyImported").GetInt32());
        Assert.Equal(0, second.GetProperty("new").GetInt32());
        Assert.Equal(4, fake.Of("efetch").Count);
        // The cursor: the second window starts on the day the first one ended.
        Assert.Equal(run.GetProperty("windowEnd").GetString()!.Replace('-', '/'), fake.Of("esearch")[1].Query["mindate"]);
        Assert.Equal(14, (await ingestion.JsonAsync($"{IngestionHost.Base(projectId)}/records")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Rate_limiting_server_errors_and_a_dropped_connection_are_retried()
    {
        var projectId = await ingestion.CreateProjectAsync();
        var searchId = await CreateSearchAsync(projectId);
        fake.FailNext(FakeFault.TooManyRequests, "esearch");
        var run = await WaitForRunAsync(ingestion, projectId, searchId, await RunNowAsync(projectId, searchId));
        Assert.Equal(2, fake.Of("esearch").Count);
        Assert.Equal(14, run.GetProperty("new").GetInt32());

        var next = await CreateSearchAsync(projectId, new { query = "exosomes AND neurodegeneration" });
        fake.FailNext(FakeFault.ServerError, "efetch", 2);
        fake.FailNext(FakeFault.DropConnection, "efetch");
        var retried = await WaitForRunAsync(ingestion, projectId, next, await RunNowAsync(projectId, next));
        Assert.Equal(4 + 4 + 3, fake.Of("efetch").Count);
        // The other search imported them first: here they are duplicates, found by PMID.
        Assert.Equal(0, retried.GetProperty("new").GetInt32());
        Assert.Equal(14, retried.GetProperty("duplicates").GetInt32());
        Assert.Equal(14, (await ingestion.JsonAsync($"{IngestionHost.Base(projectId)}/records")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task An_error_body_fails_the_run_with_NCBI_s_message_and_leaves_the_cursor()
    {
        var projectId = await ingestion.CreateProjectAsync();
        // Enabled, without a schedule: only run-now starts it.
        var searchId = await CreateSearchAsync(projectId, new { query = "exosomes", enabled = true });
        fake.FailNext(FakeFault.ErrorBody, "esearch");
        var failed = await WaitForRunAsync(ingestion, projectId, searchId, await RunNowAsync(projectId, searchId), "failed");
        Assert.Contains("Invalid db name specified: fleegle", failed.GetProperty("message").GetString());
        Assert.Single(fake.Of("esearch"));
        Assert.Empty(fake.Of("efetch"));
        var search = await ingestion.JsonAsync($"{IngestionHost.Base(projectId)}/searches/{searchId}");
        Assert.Equal(JsonValueKind.Null, search.GetProperty("completedThrough").ValueKind);
        Assert.Equal("failed", search.GetProperty("lastRunStatus").GetString());
        // NCBI's error may pass: the search is not paused.
        Assert.Equal((true, JsonValueKind.Null), (search.GetProperty("enabled").GetBoolean(), search.TryGetProperty("pauseReason", out var reason) ? reason.ValueKind : JsonValueKind.Null));

        var retry = await WaitForRunAsync(ingestion, projectId, searchId, await RunNowAsync(projectId, searchId));
        Assert.Equal(14, retry.GetProperty("new").GetInt32());
        Assert.Equal("1800/01/01", fake.Of("esearch")[1].Query["mindate"]);
    }

    /// <summary>
    /// A history answer cut off inside its second article (HTTP 200) leaves PMIDs unread: they are
    /// asked by id; when that answer is cut off too, the run fails and the cursor stays, and the next
    /// run imports what is still missing.
    /// </summary>
    [Fact]
    public async Task An_efetch_answer_cut_off_mid_record_fetches_the_rest_by_pmid_or_fails_the_run()
    {
        var projectId = await ingestion.CreateProjectAsync();
        var searchId = await CreateSearchAsync(projectId);
        fake.FailNext(FakeFault.TruncatedBody, "efetch", 2);
        var failed = await WaitForRunAsync(ingestion, projectId, searchId, await RunNowAsync(projectId, searchId), "failed");
        var fetches = fake.Of("efetch");
        Assert.Equal(2, fetches.Count);
        Assert.Equal([fake.Pmids[0]], fetches[0].Served);
        Assert.Equal(fake.Pmids.Skip(1).Take(3), fetches[1].Query["id"].Split(','));
        Assert.Equal((2, 0), (failed.GetProperty("new").GetInt32(), failed.GetProperty("errorCount").GetInt32()));
        // The two records it received and saved, of a batch it did not finish.
        Assert.Equal((2, 2), FetchedAndAccounted(failed));
        Assert.Contains("malformed XML", failed.GetProperty("message").GetString());
        var search = await ingestion.JsonAsync($"{IngestionHost.Base(projectId)}/searches/{searchId}");
        Assert.Equal(JsonValueKind.Null, search.GetProperty("completedThrough").ValueKind);

        fake.FailNext(FakeFault.TruncatedBody, "efetch");
        var run = await WaitForRunAsync(ingestion, projectId, searchId, await RunNowAsync(projectId, searchId));
        Assert.Equal((2, 12, 0), (run.GetProperty("alreadyImported").GetInt32(), run.GetProperty("new").GetInt32(), run.GetProperty("errorCount").GetInt32()));
        Assert.Equal(fake.Pmids.Skip(2).Take(2), fake.Of("efetch")[3].Query["id"].Split(','));
        Assert.Equal(fake.Pmids.Order(), (await ImportedPmidsAsync(ingestion, projectId)).Order());
        Assert.Equal("1800/01/01", fake.Of("esearch")[1].Query["mindate"]);
    }

    /// <summary>
    /// The network goes down inside the third batch: its history answer (which left out one PMID) is
    /// saved, then asking that PMID by id fails however often it is retried. The failed run reports
    /// what it committed, the partly saved batch included; the next run brings in the rest, no doubles.
    /// </summary>
    [Fact]
    public async Task A_network_failure_after_a_batch_saved_records_fails_the_run_with_the_counts_of_what_it_committed()
    {
        var projectId = await ingestion.CreateProjectAsync();
        await ingestion.ImportAsync(projectId, await File.ReadAllBytesAsync(IngestionHost.TestFile("pubmed/biopython_pubmed4.xml")), "application/xml");
        var searchId = await CreateSearchAsync(projectId);
        var pmids = fake.Pmids;
        Assert.Equal("27797938", pmids[4]); // the manual import's paper, in the second batch
        fake.LeaveOutOfHistory(pmids[9]);
        fake.FailFetchesAfter(3, FakeFault.DropConnection);
        var failed = await WaitForRunAsync(ingestion, projectId, searchId, await RunNowAsync(projectId, searchId), "failed");

        var fetches = fake.Of("efetch");
        Assert.Equal(pmids.Take(8), fetches.Take(2).SelectMany(f => f.Served));
        Assert.Equal([pmids[8], pmids[10], pmids[11]], fetches[2].Served);
        Assert.True(fetches.Count > 4, "the request by id was retried");
        Assert.All(fetches.Skip(3), f => Assert.Equal((pmids[9], 0), (f.Query["id"], f.Served.Count)));
        // fetched: two whole batches and the three records of the third that it received and saved.
        Assert.Equal((14, 11, 10, 1, 0),
            (failed.GetProperty("found").GetInt32(), failed.GetProperty("fetched").GetInt32(), failed.GetProperty("new").GetInt32(),
             failed.GetProperty("duplicates").GetInt32(), failed.GetProperty("errorCount").GetInt32()));
        Assert.Equal((11, 11), FetchedAndAccounted(failed));
        Assert.Equal(pmids.Take(9).Concat(pmids.Skip(10).Take(2)).Order(), (await AlertRecordPmidsAsync(projectId)).Order());
        var search = await ingestion.JsonAsync($"{IngestionHost.Base(projectId)}/searches/{searchId}");
        Assert.Equal(JsonValueKind.Null, search.GetProperty("completedThrough").ValueKind);
        // PRISMA's per-import list hears of the failed run with what it committed, marked failed.
        await Eventually.HoldsAsync(() => Task.FromResult(ingestion.Observed.Of<ImportCompleted>(projectId).Any(c => c is { Source: "pubmed-alert", Failed: true, RecordsImported: 10, Duplicates: 1 })), "ImportCompleted of the failed run");

        fake.Recover();
        var run = await WaitForRunAsync(ingestion, projectId, searchId, await RunNowAsync(projectId, searchId));
        Assert.Equal((14, 11, 3, 0, 0),
            (run.GetProperty("found").GetInt32(), run.GetProperty("alreadyImported").GetInt32(), run.GetProperty("new").GetInt32(),
             run.GetProperty("duplicates").GetInt32(), run.GetProperty("errorCount").GetInt32()));
        Assert.Equal("1800/01/01", fake.Of("esearch")[1].Query["mindate"]);
        Assert.Equal(pmids.Order(), (await AlertRecordPmidsAsync(projectId)).Order());
        Assert.Equal(14, (await ingestion.JsonAsync($"{IngestionHost.Base(projectId)}/records")).GetProperty("total").GetInt32());
        // The two runs' reports add up to the alert's records: 10 + 3 new, the paper imported by hand once a duplicate.
        await Eventually.HoldsAsync(() => Task.FromResult(ingestion.Observed.Of<ImportCompleted>(projectId).Where(c => c.Source == "pubmed-alert").Sum(c => c.RecordsImported) == 13), "the runs' reports add up");
        Assert.Equal([(false, 3), (true, 10)], ingestion.Observed.Of<ImportCompleted>(projectId).Where(c => c.Source == "pubmed-alert").Select(c => (c.Failed, c.RecordsImported)).Order());
    }

    /// <summary>
    /// NCBI stops answering at the second batch (no answer within the 1 s the test allows, on any of
    /// the five attempts): the run fails saying which batch, what went wrong and what happens next,
    /// with the first batch counted, no later batch asked for, and the cursor left where it was.
    /// </summary>
    [Fact]
    public async Task A_run_NCBI_does_not_answer_in_time_fails_naming_the_batch_the_timeout_and_what_happens_next()
    {
        await ingestion.DisposeAsync();
        ingestion = await StartHostAsync(null, attemptTimeout: "00:00:01");
        var projectId = await ingestion.CreateProjectAsync();
        var searchId = await CreateSearchAsync(projectId);
        var pmids = fake.Pmids;
        // From the second batch (retstart 4) on: keyed by batch, since under a loaded CI machine the
        // first batch's first attempt on a cold host once took over the 1 s too (2026-12-06).
        fake.FailFetchesFrom(4, FakeFault.NoAnswer);
        var failed = await WaitForRunAsync(ingestion, projectId, searchId, await RunNowAsync(projectId, searchId), "failed");

        Assert.Equal($"efetch of batch 2 of 4 (PMIDs {pmids[4]}..{pmids[7]}) from the history server: NCBI did not answer within 1 s (asked 5 times). {NothingIsLost()}",
            failed.GetProperty("message").GetString());
        var fetchedFrom = fake.Of("efetch").Select(f => int.Parse(f.Query["retstart"], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(5, fetchedFrom.Count(retStart => retStart == 4));
        Assert.DoesNotContain(fetchedFrom, retStart => retStart > 4);
        Assert.Equal((4, 4), (failed.GetProperty("fetched").GetInt32(), failed.GetProperty("new").GetInt32()));
        Assert.Equal((4, 4), FetchedAndAccounted(failed));
        var search = await ingestion.JsonAsync($"{IngestionHost.Base(projectId)}/searches/{searchId}");
        Assert.Equal((JsonValueKind.Null, "failed"), (search.GetProperty("completedThrough").ValueKind, search.GetProperty("lastRunStatus").GetString()));
    }

    /// <summary>
    /// The connection is reset in the middle of the answer by PMID for the PMID the history answer left
    /// out, on every attempt: the body is retried like any dropped connection, then the run fails
    /// saying the connection broke off, for which PMID, and what happens next.
    /// </summary>
    [Fact]
    public async Task A_connection_broken_off_mid_answer_is_retried_then_fails_the_run_naming_the_pmids_and_what_happens_next()
    {
        var projectId = await ingestion.CreateProjectAsync();
        var searchId = await CreateSearchAsync(projectId);
        var pmids = fake.Pmids;
        fake.LeaveOutOfHistory(pmids[2]);
        fake.FailFetchesAfter(1, FakeFault.BrokenOffBody);
        var failed = await WaitForRunAsync(ingestion, projectId, searchId, await RunNowAsync(projectId, searchId), "failed");

        Assert.Equal($"efetch by PMID of batch 1 of 4 (PMID {pmids[2]}): the connection to NCBI broke off before the answer was complete (asked 5 times). {NothingIsLost()}",
            failed.GetProperty("message").GetString());
        var fetches = fake.Of("efetch");
        Assert.Equal(1 + 5, fetches.Count);
        Assert.All(fetches.Skip(1), f => Assert.Equal(pmids[2], f.Query["id"]));
        Assert.Equal(3, failed.GetProperty("new").GetInt32());
        // The three records of the batch's history answer, received and saved before the request by PMID failed.
        Assert.Equal((3, 3), FetchedAndAccounted(failed));
        var search = await ingestion.JsonAsync($"{IngestionHost.Base(projectId)}/searches/{searchId}");
        Assert.Equal(JsonValueKind.Null, search.GetProperty("completedThrough").ValueKind);
    }

    /// <summary>NCBI answers 503 to every attempt of the esearch: the run fails naming the search window, the status and NCBI's text.</summary>
    [Fact]
    public async Task A_search_NCBI_answers_503_to_every_time_fails_naming_the_window_and_the_status()
    {
        var projectId = await ingestion.CreateProjectAsync();
        var searchId = await CreateSearchAsync(projectId);
        fake.FailNext(FakeFault.ServiceUnavailable, "esearch", 5);
        var failed = await WaitForRunAsync(ingestion, projectId, searchId, await RunNowAsync(projectId, searchId), "failed");

        Assert.Equal($"esearch for 1800-01-01..{failed.GetProperty("windowEnd").GetString()}: NCBI answered HTTP 503 Service Unavailable (asked 5 times): Service Unavailable. {NothingIsLost()}",
            failed.GetProperty("message").GetString());
        Assert.Equal(5, fake.Of("esearch").Count);
        Assert.Empty(fake.Of("efetch"));
        var search = await ingestion.JsonAsync($"{IngestionHost.Base(projectId)}/searches/{searchId}");
        Assert.Equal(JsonValueKind.Null, search.GetProperty("completedThrough").ValueKind);
    }

    /// <summary>
    /// An efetch answer announcing 70.2 MB (Content-Length) is refused before it is read, under the
    /// default 64 MB cap, and not asked again: an answer that size is no passing fault. Buffered, it
    /// held up to 2 GB in memory per request.
    /// </summary>
    [Fact]
    public async Task An_answer_announcing_more_than_the_cap_is_refused_unread_and_fails_the_run_without_a_retry()
    {
        var projectId = await ingestion.CreateProjectAsync();
        var searchId = await CreateSearchAsync(projectId);
        var pmids = fake.Pmids;
        fake.FailNext(FakeFault.OversizedBody, "efetch");
        var failed = await WaitForRunAsync(ingestion, projectId, searchId, await RunNowAsync(projectId, searchId), "failed");

        Assert.Equal(
            $"efetch of batch 1 of 4 (PMIDs {pmids[0]}..{pmids[3]}) from the history server: NCBI answered 70.2 MB, more than the 64 MB Ingestion:Alerts:MaxAnswerBytes allows (asked once). {NothingIsLost()}",
            failed.GetProperty("message").GetString());
        Assert.Single(fake.Of("efetch"));
        Assert.Equal((0, 0), (failed.GetProperty("fetched").GetInt32(), failed.GetProperty("new").GetInt32()));
    }

    /// <summary>
    /// An answer that does not announce its size (chunked, as the fake sends every answer) is cut off
    /// once it passes a cap of 2 KB set here: the esearch answer fits, the first efetch answer does not.
    /// </summary>
    [Fact]
    public async Task An_answer_growing_past_the_cap_while_it_is_read_fails_the_run_without_a_retry()
    {
        await ingestion.DisposeAsync();
        ingestion = await StartHostAsync(null, overrides: new Dictionary<string, string> { ["MaxAnswerBytes"] = "2048" });
        var projectId = await ingestion.CreateProjectAsync();
        var searchId = await CreateSearchAsync(projectId);
        var pmids = fake.Pmids;
        var failed = await WaitForRunAsync(ingestion, projectId, searchId, await RunNowAsync(projectId, searchId), "failed");

        Assert.Equal(
            $"efetch of batch 1 of 4 (PMIDs {pmids[0]}..{pmids[3]}) from the history server: NCBI's answer ran past the 2 KB Ingestion:Alerts:MaxAnswerBytes allows (asked once). {NothingIsLost()}",
            failed.GetProperty("message").GetString());
        Assert.Equal((1, 1), (fake.Of("esearch").Count, fake.Of("efetch").Count));
        var search = await ingestion.JsonAsync($"{IngestionHost.Base(projectId)}/searches/{searchId}");
        Assert.Equal((JsonValueKind.Null, "failed"), (search.GetProperty("completedThrough").ValueKind, search.GetProperty("lastRunStatus").GetString()));
    }

    /// <summary>
    /// An esearch answer of 33 MB under a MaxAnswerBytes of 40 MB set here: the answer cap lets it in,
    /// and so must the parse. It was parsed under a cap of its own, 32 MB (EUtilitiesXml), so an answer
    /// between the two failed as "NCBI's answer could not be read: input is larger than the limit of
    /// 33554432 bytes" rather than by the setting that governs answers; now the parse takes that setting.
    /// </summary>
    [Fact]
    public async Task An_esearch_answer_within_MaxAnswerBytes_is_read_whatever_its_size()
    {
        await ingestion.DisposeAsync();
        ingestion = await StartHostAsync(null, overrides: new Dictionary<string, string> { ["MaxAnswerBytes"] = (40 * 1024 * 1024).ToString() });
        fake.PadSearchAnswers(33 * 1024 * 1024);
        var projectId = await ingestion.CreateProjectAsync();
        var searchId = await CreateSearchAsync(projectId);
        var run = await WaitForRunAsync(ingestion, projectId, searchId, await RunNowAsync(projectId, searchId), status: "completed");

        Assert.Equal((14, 14), (run.GetProperty("found").GetInt32(), run.GetProperty("new").GetInt32()));
    }

    /// <summary>
    /// The end of the first polled search's run cannot be recorded (another writer left the run
    /// unreadable under it; a conflict no longer does, as the end is retried over the run read again).
    /// The poll logs that and goes on with the other search, which runs; the first run stays active,
    /// and once the run reads again the next poll resumes it to its end.
    /// It used to escape the poll, so the searches after it did not run while it kept failing.
    /// The test polls by hand: the host's own poller waits an hour after its first, empty poll.
    /// </summary>
    [Fact]
    public async Task A_search_whose_run_cannot_be_finished_does_not_stop_the_poll_and_is_resumed_at_the_next()
    {
        await RestartPollingByHandAsync();
        var poller = Assert.Single(ingestion.Host.Services.GetServices<IHostedService>().OfType<PubMedPoller>());
        var store = ingestion.Host.Services.GetRequiredService<ModuleStore<IngestionModule>>();
        var due = new { query = "exosomes", schedule = "P1D", enabled = true };
        var projects = new[] { await ingestion.CreateProjectAsync(), await ingestion.CreateProjectAsync() };
        var searches = new Dictionary<Guid, Guid> { [await CreateSearchAsync(projects[0], due)] = projects[0], [await CreateSearchAsync(projects[1], due)] = projects[1] };
        // The poller goes through the searches in the index's order: the first one fails.
        var order = (await store.ListAsync(AlertIndexEntry.Collection, AlertIndexEntry.Partition)).Select(e => StoreJson.Read<AlertIndexEntry>(e).SearchId).ToList();
        var (failing, other) = (order[0], order[1]);
        fake.HoldFetchesAfter(0);

        var poll = poller.PollAsync(CancellationToken.None);
        await Eventually.HoldsAsync(() => Task.FromResult(fake.Of("efetch").Count == 1), "the first search's first batch is being fetched");
        var runId = StoreJson.Read<SavedSearch>((await store.GetAsync(SavedSearch.Collection, failing.ToString("N")))!).ActiveRunId!.Value;
        var stored = (await store.GetAsync(SearchRun.Collection, runId.ToString("N")))!;
        await store.CommitAsync(new UnitOfWork().Put(SearchRun.Collection, runId.ToString("N"), failing.ToString("N"), new { Id = "not a run" }, stored.Version));
        fake.Release();
        await poll;

        var otherRuns = await ingestion.JsonAsync($"{IngestionHost.Base(searches[other])}/searches/{other}/runs");
        Assert.Equal(("completed", 14), (otherRuns[0].GetProperty("status").GetString(), otherRuns[0].GetProperty("new").GetInt32()));
        var left = await ingestion.JsonAsync($"{IngestionHost.Base(searches[failing])}/searches/{failing}");
        Assert.Equal(runId, left.GetProperty("activeRunId").GetGuid());
        await store.CommitAsync(new UnitOfWork().Put(SearchRun.Collection, runId.ToString("N"), failing.ToString("N"), StoreJson.Read<SearchRun>(stored), stored.Version + 1));
        var leftRuns = await ingestion.JsonAsync($"{IngestionHost.Base(searches[failing])}/searches/{failing}/runs");
        Assert.Equal((runId, "running"), (leftRuns[0].GetProperty("runId").GetGuid(), leftRuns[0].GetProperty("status").GetString()));

        await poller.PollAsync(CancellationToken.None);
        var resumed = Assert.Single((await ingestion.JsonAsync($"{IngestionHost.Base(searches[failing])}/searches/{failing}/runs")).EnumerateArray());
        Assert.Equal((runId, "completed", 14, 14, 0), (resumed.GetProperty("runId").GetGuid(), resumed.GetProperty("status").GetString(),
            resumed.GetProperty("fetched").GetInt32(), resumed.GetProperty("new").GetInt32(), resumed.GetProperty("duplicates").GetInt32()));
        Assert.Equal(fake.Pmids.Order(), (await ImportedPmidsAsync(ingestion, searches[failing])).Order());
        Assert.Equal(2, fake.Of("esearch").Count); // one per search: the resumed run kept its parts
    }

    /// <summary>
    /// Another writer saves the run between the runner's last read of it and its end, as a second
    /// instance's poller resuming the same active run would: it saves its progress (the run still
    /// running), or it ends the run first (completed, the search freed, its ImportCompleted sent). The
    /// end used to be put at the version the runner had read, so all five attempts conflicted, the
    /// run stayed active and the next poll ran it again. Now saved progress gives way to the end, and
    /// an end made elsewhere stands; either way the run ends once, with one ImportCompleted.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_run_another_runner_writes_before_its_end_ends_once_with_one_ImportCompleted(bool otherEndsIt)
    {
        // Only the runner under test runs the search.
        var (projectId, searchId, url, store) = await StartWithASearchRunByHandAsync();
        var endedElsewhereAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        SearchRun? started = null;

        async Task OtherRunnerAsync(IDocumentStore inner)
        {
            var storedRun = (await inner.GetAsync(SearchRun.Collection, started!.Id.ToString("N")))!;
            var run = StoreJson.Read<SearchRun>(storedRun);
            var work = new UnitOfWork();
            if (!otherEndsIt)
            {
                await inner.CommitAsync(work.Put(SearchRun.Collection, storedRun.Id, storedRun.Partition, run, storedRun.Version));
                return;
            }

            var storedSearch = (await inner.GetAsync(SavedSearch.Collection, searchId.ToString("N")))!;
            var search = StoreJson.Read<SavedSearch>(storedSearch);
            await inner.CommitAsync(work
                .Put(SearchRun.Collection, storedRun.Id, storedRun.Partition, run with { Status = SearchRunStatus.Completed, FinishedAt = endedElsewhereAt }, storedRun.Version)
                .Put(SavedSearch.Collection, storedSearch.Id, storedSearch.Partition,
                    search with { ActiveRunId = null, LastRunAt = endedElsewhereAt, LastRunStatus = SearchRunStatus.Completed, CompletedThrough = run.WindowEnd }, storedSearch.Version)
                .Publish(new ImportCompleted { ProjectId = projectId, CorrelationId = run.Id, ImportId = run.Id, Source = SearchRunner.Source, RecordsRead = run.New, RecordsImported = run.New, Duplicates = 0, Errors = 0 }));
        }

        await using var scope = ingestion.Host.Services.CreateAsyncScope();
        var runner = ActivatorUtilities.CreateInstance<SearchRunner>(scope.ServiceProvider, new ModuleStore<IngestionModule>(CommitHookStore.BeforeARunEnds(store.Inner, () => OtherRunnerAsync(store.Inner))));
        var stored = (await store.GetAsync(SavedSearch.Collection, searchId.ToString("N")))!;
        started = await runner.StartAsync(StoreJson.Read<SavedSearch>(stored), stored.Version, "manual", CancellationToken.None);
        var thrown = await Record.ExceptionAsync(() => runner.RunActiveAsync(searchId, CancellationToken.None));

        var ended = (await ingestion.JsonAsync($"{url}/runs"))[0];
        var after = await ingestion.JsonAsync(url);
        Assert.Equal(((string?)null, "completed", 14, JsonValueKind.Null, "completed", 1L),
            (thrown?.GetType().Name, ended.GetProperty("status").GetString(), ended.GetProperty("new").GetInt32(),
             after.GetProperty("activeRunId").ValueKind, after.GetProperty("lastRunStatus").GetString(), await ImportCompletedRowsAsync(started.Id)));
        // The end made elsewhere is not made again over it.
        if (otherEndsIt) Assert.Equal(endedElsewhereAt, ended.GetProperty("finishedAt").GetDateTimeOffset());
    }

    /// <summary>
    /// Two instances on one run: this runner stalls between its batches long enough for another
    /// instance's poller to take the run over, which saves the next batch; this runner, unaware, fetches
    /// that batch too and then saves. That save used to conflict and fail the run as an internal error
    /// over the other's progress, which then failed as well, with records it committed counted nowhere.
    /// Now the runner that finds another on the run steps back without a word, and the other ends it.
    /// </summary>
    [Fact]
    public async Task A_runner_another_instance_took_the_run_from_steps_back_and_the_run_counts_every_record_once()
    {
        var (projectId, searchId, url, store) = await StartWithASearchRunByHandAsync();
        await using var scope = ingestion.Host.Services.CreateAsyncScope();
        var otherSaved = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var otherGoesOn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task? other = null;
        var (logged, otherLogged) = (new RecordingLogger<SearchRunner>(), new RecordingLogger<SearchRunner>());
        // Its clock an hour on: to it, this runner has been silent for an hour, its 2-minute lease long past.
        var otherRunner = ActivatorUtilities.CreateInstance<SearchRunner>(scope.ServiceProvider,
            new ModuleStore<IngestionModule>(CommitHookStore.AfterABatchIsSaved(store.Inner, fetched: 8, async () => { otherSaved.SetResult(); await otherGoesOn.Task; })),
            new RunnerIdentity("other instance"), new ClockAhead(TimeSpan.FromHours(1)), otherLogged);
        var runner = ActivatorUtilities.CreateInstance<SearchRunner>(scope.ServiceProvider,
            new ModuleStore<IngestionModule>(CommitHookStore.AfterABatchIsSaved(store.Inner, fetched: 4, async () =>
            {
                other = otherRunner.RunActiveAsync(searchId, CancellationToken.None);
                await otherSaved.Task.WaitAsync(TimeSpan.FromSeconds(60));
            })),
            logged);
        var stored = (await store.GetAsync(SavedSearch.Collection, searchId.ToString("N")))!;
        var started = await runner.StartAsync(StoreJson.Read<SavedSearch>(stored), stored.Version, "manual", CancellationToken.None);

        var thrown = await Record.ExceptionAsync(() => runner.RunActiveAsync(searchId, CancellationToken.None));
        otherGoesOn.SetResult();
        var otherThrown = await Record.ExceptionAsync(() => other!);

        var ended = (await ingestion.JsonAsync($"{url}/runs"))[0];
        var after = await ingestion.JsonAsync(url);
        var records = (await store.ListAsync(SourceRecord.Collection, projectId.ToString("N"))).Select(StoreJson.Read<SourceRecord>).Where(r => r.ImportId == started.Id).ToList();
        var observed = (thrown?.GetType().Name, otherThrown?.GetType().Name, ended.GetProperty("status").GetString(), ended.GetProperty("new").GetInt32(),
            ended.GetProperty("duplicates").GetInt32(), ended.GetProperty("fetched").GetInt32(), records.Count(r => !r.Duplicate), records.Count(r => r.Duplicate),
            after.GetProperty("activeRunId").ValueKind, after.GetProperty("lastRunStatus").GetString(), await ImportCompletedRowsAsync(started.Id));
        Assert.Equal(((string?)null, (string?)null, "completed", 14, 0, 14, 14, 0, JsonValueKind.Null, "completed", 1L), observed);
        Assert.Empty(logged.Warnings.Concat(otherLogged.Warnings));
        Assert.Equal(JsonValueKind.Null, ended.GetProperty("message").ValueKind);
        // Batch 1 by this runner, batch 2 by both (this runner's fetch wasted), batches 2-4 by the other.
        Assert.Equal(5, fake.Of("efetch").Count);
    }

    /// <summary>
    /// A runner that died after its first batch (its instance killed, the claim never given back)
    /// leaves its run claimed. While the claim's lease holds, another instance's poll leaves the run
    /// alone, asking NCBI nothing; once the lease has run out, the next poll takes the run over and
    /// completes it from the first batch not done, so a crashed instance's run is never stuck. A
    /// runner stopped rather than killed gives its claim back: the next poll resumes the run at once.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_run_whose_runner_died_is_left_alone_while_its_lease_holds_and_taken_over_once_it_has_run_out(bool leaseRanOut)
    {
        var (projectId, searchId, url, store) = await StartWithASearchRunByHandAsync();
        var poller = Assert.Single(ingestion.Host.Services.GetServices<IHostedService>().OfType<PubMedPoller>());
        var thisInstance = ingestion.Host.Services.GetRequiredService<RunnerIdentity>().Name;
        await using var scope = ingestion.Host.Services.CreateAsyncScope();
        using var killed = new CancellationTokenSource();
        // It hangs for good once its first batch is saved; its clock 16 minutes back: the 2-minute lease it takes (and renews) has run out by now.
        var died = ActivatorUtilities.CreateInstance<SearchRunner>(scope.ServiceProvider,
            new ModuleStore<IngestionModule>(CommitHookStore.AfterABatchIsSaved(store.Inner, fetched: 4, () => Task.Delay(Timeout.Infinite, killed.Token))),
            new RunnerIdentity("instance that died"), new ClockAhead(leaseRanOut ? TimeSpan.FromMinutes(-16) : TimeSpan.Zero));
        var stored = (await store.GetAsync(SavedSearch.Collection, searchId.ToString("N")))!;
        var started = await died.StartAsync(StoreJson.Read<SavedSearch>(stored), stored.Version, "schedule", CancellationToken.None);
        var dying = died.RunActiveAsync(searchId, killed.Token);
        async Task<SearchRun> RunAsync() => StoreJson.Read<SearchRun>((await store.GetAsync(SearchRun.Collection, started.Id.ToString("N")))!);
        async Task<int> RecordsOfTheRunAsync() =>
            (await store.ListAsync(SourceRecord.Collection, projectId.ToString("N"))).Select(StoreJson.Read<SourceRecord>).Count(r => r.ImportId == started.Id && !r.Duplicate);
        async Task<(SearchRunStatus, string?, int, int, int, int, int, JsonValueKind, long)> ObservedAsync()
        {
            var run = await RunAsync();
            var search = await ingestion.JsonAsync(url);
            return (run.Status, run.ClaimedBy, run.Fetched, run.New, await RecordsOfTheRunAsync(), fake.Of("efetch").Count, fake.Of("esearch").Count,
                search.GetProperty("activeRunId").ValueKind, await ImportCompletedRowsAsync(started.Id));
        }

        await Eventually.HoldsAsync(async () => (await RunAsync()).Fetched == 4, "the first batch is saved and its runner hangs");
        await poller.PollAsync(CancellationToken.None);

        if (leaseRanOut)
        {
            // Batches 2-4 fetched by the poll (one efetch each), no second esearch.
            Assert.Equal((SearchRunStatus.Completed, thisInstance, 14, 14, 14, 4, 1, JsonValueKind.Null, 1L), await ObservedAsync());
        }
        else
        {
            Assert.Equal((SearchRunStatus.Running, "instance that died", 4, 4, 4, 1, 1, JsonValueKind.String, 0L), await ObservedAsync());
            // Stopped, not killed: the claim is given back and the next poll needs no lease to run out.
            killed.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dying);
            Assert.Equal(("instance that died", (DateTimeOffset?)null), ((await RunAsync()).ClaimedBy, (await RunAsync()).ClaimedUntil));
            await poller.PollAsync(CancellationToken.None);
            Assert.Equal((SearchRunStatus.Completed, thisInstance, 14, 14, 14, 4, 1, JsonValueKind.Null, 1L), await ObservedAsync());
        }

        killed.Cancel();
        await Record.ExceptionAsync(() => dying);
    }

    /// <summary>
    /// The runner's process is killed while its lease still holds, on this machine (the standalone
    /// host): the instance that comes back need not wait out the lease.
    /// While the holder's process runs, the poll leaves the run alone; once it has been killed, the
    /// next poll takes the run over at once and completes it from the first batch not done. The
    /// "process" is a real one the test starts and kills; its id is in the claim's name.
    /// </summary>
    [Fact]
    public async Task A_run_whose_runner_s_process_on_this_machine_was_killed_is_taken_over_without_waiting_for_the_lease()
    {
        var (projectId, searchId, url, store) = await StartWithASearchRunByHandAsync();
        var poller = Assert.Single(ingestion.Host.Services.GetServices<IHostedService>().OfType<PubMedPoller>());
        var thisInstance = ingestion.Host.Services.GetRequiredService<RunnerIdentity>().Name;
        using var holderProcess = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sleep", "120") { UseShellExecute = false })!;
        var holder = $"{Environment.MachineName}/{holderProcess.Id}/deadbeef/{RunnerIdentity.PidNamespace}";
        await using var scope = ingestion.Host.Services.CreateAsyncScope();
        using var hung = new CancellationTokenSource();
        var died = ActivatorUtilities.CreateInstance<SearchRunner>(scope.ServiceProvider,
            new ModuleStore<IngestionModule>(CommitHookStore.AfterABatchIsSaved(store.Inner, fetched: 4, () => Task.Delay(Timeout.Infinite, hung.Token))),
            new RunnerIdentity(holder), (TimeProvider)TimeProvider.System);
        var stored = (await store.GetAsync(SavedSearch.Collection, searchId.ToString("N")))!;
        var started = await died.StartAsync(StoreJson.Read<SavedSearch>(stored), stored.Version, "schedule", CancellationToken.None);
        var dying = died.RunActiveAsync(searchId, hung.Token);
        async Task<SearchRun> RunAsync() => StoreJson.Read<SearchRun>((await store.GetAsync(SearchRun.Collection, started.Id.ToString("N")))!);
        async Task<(SearchRunStatus, string?, int, int, int, int, JsonValueKind, long)> ObservedAsync()
        {
            var run = await RunAsync();
            var records = (await store.ListAsync(SourceRecord.Collection, projectId.ToString("N"))).Select(StoreJson.Read<SourceRecord>).Count(r => r.ImportId == started.Id && !r.Duplicate);
            return (run.Status, run.ClaimedBy, run.Fetched, records, fake.Of("efetch").Count, fake.Of("esearch").Count,
                (await ingestion.JsonAsync(url)).GetProperty("activeRunId").ValueKind, await ImportCompletedRowsAsync(started.Id));
        }

        await Eventually.HoldsAsync(async () => (await RunAsync()).Fetched == 4, "the first batch is saved and its runner hangs");
        Assert.True((await RunAsync()).ClaimedUntil > DateTimeOffset.UtcNow + TimeSpan.FromMinutes(1));
        await poller.PollAsync(CancellationToken.None);
        Assert.Equal((SearchRunStatus.Running, holder, 4, 4, 1, 1, JsonValueKind.String, 0L), await ObservedAsync());
        // The run's history shows until when the claim holds, to the minute the runner set it.
        Assert.Equal((await RunAsync()).ClaimedUntil, (await ingestion.JsonAsync($"{url}/runs"))[0].GetProperty("claimedUntil").GetDateTimeOffset());

        holderProcess.Kill();
        await holderProcess.WaitForExitAsync();
        await poller.PollAsync(CancellationToken.None);
        // Batches 2-4 fetched by the poll (one efetch each), no second esearch; the lease had about 2 minutes to go.
        Assert.Equal((SearchRunStatus.Completed, thisInstance, 14, 14, 4, 1, JsonValueKind.Null, 1L), await ObservedAsync());
        Assert.Equal(JsonValueKind.Null, (await ingestion.JsonAsync($"{url}/runs"))[0].GetProperty("claimedUntil").ValueKind);

        hung.Cancel();
        await Record.ExceptionAsync(() => dying);
    }

    /// <summary>The heartbeat beats every third of the lease: a lease of nothing (a typo, "0") would beat in a tight loop against the store, so the service does not start with one.</summary>
    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:00:02.999")]
    public async Task A_run_lease_under_three_seconds_stops_the_service_at_start_naming_the_setting(string lease)
    {
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => StartHostAsync(null, overrides: new Dictionary<string, string> { ["RunLease"] = lease }));

        Assert.Contains("Ingestion:Alerts:RunLease must be at least 00:00:03", refused.Message);
    }

    /// <summary>
    /// A live runner whose efetch outlasts the lease (NCBI slow) keeps its run: its heartbeat renews
    /// the claim every third of the lease whatever the progress, so another instance's poll leaves the
    /// run alone and asks NCBI nothing. The runner's next save comes after those renewals and goes on
    /// over them (they changed nothing but the lease). Here the lease is 6 seconds and the second
    /// efetch is held until 1.5 seconds after the lease the first batch's save set has run out. The lease can be short (2 minutes) because
    /// of this, so a runner that died stops renewing and its run is taken over soon (a restarted
    /// container used to wait 15 minutes).
    /// </summary>
    [Fact]
    public async Task A_live_runner_s_heartbeat_keeps_its_claim_through_a_batch_longer_than_the_lease_and_its_saves_go_on_over_it()
    {
        // 6 seconds, renewed every 2: a renewal may be late by two beats (a loaded CI machine) and the claim still holds.
        var (projectId, searchId, url, store) = await StartWithASearchRunByHandAsync(runLease: "00:00:06");
        fake.HoldFetchesAfter(1);
        await using var scope = ingestion.Host.Services.CreateAsyncScope();
        var logged = new RecordingLogger<SearchRunner>();
        var runner = ActivatorUtilities.CreateInstance<SearchRunner>(scope.ServiceProvider, new RunnerIdentity("runner A"), (TimeProvider)TimeProvider.System, logged);
        var otherInstance = ActivatorUtilities.CreateInstance<SearchRunner>(scope.ServiceProvider, new RunnerIdentity("other instance"), (TimeProvider)TimeProvider.System);
        var stored = (await store.GetAsync(SavedSearch.Collection, searchId.ToString("N")))!;
        var started = await runner.StartAsync(StoreJson.Read<SavedSearch>(stored), stored.Version, "manual", CancellationToken.None);
        async Task<SearchRun> RunAsync() => StoreJson.Read<SearchRun>((await store.GetAsync(SearchRun.Collection, started.Id.ToString("N")))!);

        var running = runner.RunActiveAsync(searchId, CancellationToken.None);
        await Eventually.HoldsAsync(async () => fake.Of("efetch").Count == 2 && (await RunAsync()).Fetched == 4, "the first batch is saved and the second efetch is held");
        var claimedAtTheSave = (await RunAsync()).ClaimedUntil!.Value;
        await Task.Delay(claimedAtTheSave - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1.5));
        var renewed = (await RunAsync()).ClaimedUntil!.Value;
        var now = DateTimeOffset.UtcNow;
        // The lease the save set has run out; the heartbeat's holds.
        Assert.True(renewed > now, $"the claim holds until {renewed:O}, now {now:O} (set at the save: until {claimedAtTheSave:O})");

        await otherInstance.RunActiveAsync(searchId, CancellationToken.None);
        var afterTheOtherPoll = await RunAsync();
        // The other poll changed nothing and fetched nothing.
        Assert.Equal(("runner A", 4, 2, 1), (afterTheOtherPoll.ClaimedBy, afterTheOtherPoll.Fetched, fake.Of("efetch").Count, fake.Of("esearch").Count));

        fake.Release();
        await running;
        var run = await RunAsync();
        var newRecords = (await store.ListAsync(SourceRecord.Collection, projectId.ToString("N"))).Select(StoreJson.Read<SourceRecord>).Count(r => r.ImportId == started.Id && !r.Duplicate);
        Assert.Equal((SearchRunStatus.Completed, "runner A", 14, 14, 14, 4, JsonValueKind.Null, 1L, (string?)null),
            (run.Status, run.ClaimedBy, run.Fetched, run.New, newRecords, fake.Of("efetch").Count, (await ingestion.JsonAsync(url)).GetProperty("activeRunId").ValueKind,
             await ImportCompletedRowsAsync(started.Id), run.Message));
        Assert.Empty(logged.Warnings);
    }

    /// <summary>
    /// A search step longer than the lease (NCBI slow, a backfill split into many windows; here each
    /// esearch moves the runner's clock a minute on) used to renew the claim only at its end, so
    /// another instance's poll during it found the lease run out, took the run over and
    /// searched again from the start. Now the runner renews its claim as its search goes on: the other
    /// poll leaves the run alone and asks NCBI nothing, and the run is searched once. An instance whose
    /// clock is an hour on still takes it over; the runner then steps back at its next renewal, after
    /// the esearch it was in, not at the end of its search step.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_runner_renews_its_claim_during_a_long_search_step_and_steps_back_there_once_taken_over(bool otherClockAnHourOn)
    {
        // A cap of 5 splits the 14 records' window: the search step makes 15 esearch requests.
        var (projectId, searchId, url, store) = await StartWithASearchRunByHandAsync(maxSearchCount: 5);
        fake.UseRecordedEntrezDates();
        fake.HoldSearchesAfter(2);
        await using var scope = ingestion.Host.Services.CreateAsyncScope();
        var clock = new ClockOfSearches(fake, TimeSpan.FromMinutes(1));
        var logged = new RecordingLogger<SearchRunner>();
        var runner = ActivatorUtilities.CreateInstance<SearchRunner>(scope.ServiceProvider, new RunnerIdentity("runner A"), (TimeProvider)clock, logged);
        // To the other instance, runner A's 3rd esearch started 3 minutes (or an hour and 3 minutes) after its claim, past the 2-minute lease.
        var otherRunner = ActivatorUtilities.CreateInstance<SearchRunner>(scope.ServiceProvider, new RunnerIdentity("other instance"),
            otherClockAnHourOn ? new ClockAhead(TimeSpan.FromHours(1)) : clock);
        var stored = (await store.GetAsync(SavedSearch.Collection, searchId.ToString("N")))!;
        var started = await runner.StartAsync(StoreJson.Read<SavedSearch>(stored), stored.Version, "manual", CancellationToken.None);
        async Task<SearchRun> RunAsync() => StoreJson.Read<SearchRun>((await store.GetAsync(SearchRun.Collection, started.Id.ToString("N")))!);

        var running = runner.RunActiveAsync(searchId, CancellationToken.None);
        await Eventually.HoldsAsync(() => Task.FromResult(fake.Of("esearch").Count == 3), "runner A's 3rd esearch is held");
        var otherPoll = otherRunner.RunActiveAsync(searchId, CancellationToken.None);
        // The other poll either leaves the run alone (and returns) or takes it over and searches (held too).
        await Eventually.HoldsAsync(() => Task.FromResult(otherPoll.IsCompleted || fake.Of("esearch").Count > 3), "the other poll decided");
        var holder = otherClockAnHourOn ? "other instance" : "runner A";
        Assert.Equal(otherClockAnHourOn ? (holder, 4, false) : (holder, 3, true), ((await RunAsync()).ClaimedBy, fake.Of("esearch").Count, otherPoll.IsCompleted));

        fake.Release();
        var thrown = (await Record.ExceptionAsync(() => running))?.GetType().Name;
        var otherThrown = (await Record.ExceptionAsync(() => otherPoll))?.GetType().Name;
        var ended = (await ingestion.JsonAsync($"{url}/runs"))[0];
        var after = await ingestion.JsonAsync(url);
        var newRecords = (await store.ListAsync(SourceRecord.Collection, projectId.ToString("N"))).Select(StoreJson.Read<SourceRecord>).Count(r => r.ImportId == started.Id && !r.Duplicate);
        Assert.Equal(((string?)null, (string?)null, "completed", 14, 14, holder, JsonValueKind.Null, 1L),
            (thrown, otherThrown, ended.GetProperty("status").GetString(), ended.GetProperty("new").GetInt32(), newRecords,
             (await RunAsync()).ClaimedBy, after.GetProperty("activeRunId").ValueKind, await ImportCompletedRowsAsync(started.Id)));
        Assert.Empty(logged.Warnings);
        // One search step of 15 windows; taken over, runner A's 3 esearches and then the other's whole step.
        Assert.Equal(otherClockAnHourOn ? 3 + 15 : 15, fake.Of("esearch").Count);
    }

    /// <summary>ImportCompleted events of the import <paramref name="importId"/> in the ingestion store's outbox, sent or not.</summary>
    private async Task<long> ImportCompletedRowsAsync(Guid importId)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(ingestion.DataDirectory, "ingestion.db")};Pooling=False");
        await connection.OpenAsync();
        var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM outbox WHERE message_type = $type AND json LIKE $import";
        command.Parameters.AddWithValue("$type", typeof(ImportCompleted).FullName);
        command.Parameters.AddWithValue("$import", $"%{importId}%");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// A day with more hits than PubMed lists (10,000 on 2020-06-15) cannot be split, so every run of
    /// the query would fail the same way: the run fails and pauses the search, which keeps the reason
    /// (its GET shows it) and is not started when it falls due. Enabled again by hand, it runs (and
    /// pauses again on the same day); a narrowed query resumes it and its run completes.
    /// </summary>
    [Fact]
    public async Task A_day_over_PubMed_s_limit_pauses_the_search_until_it_is_enabled_again_or_its_query_changes()
    {
        var day = new DateOnly(2020, 6, 15);
        fake.AddUnservedHits(day, 10000);
        var projectId = await ingestion.CreateProjectAsync();
        var searchId = await CreateSearchAsync(projectId, new { query = "exosomes", schedule = "P1D", enabled = true });
        var url = $"{IngestionHost.Base(projectId)}/searches/{searchId}";
        const string reason = "esearch found 10000 records entered PubMed on 2020-06-15 alone; PubMed lists at most 9999 per search and a single day cannot be split, so narrow the query.";
        var paused = $"{reason} The search is paused, as every run would fail the same way, until its query is edited, it is enabled again, or Run now completes once NCBI lists that day in full. Nothing is lost: enabled again, it searches from 1800-01-01 again; with a new query, from the beginning.";

        async Task<JsonElement> RunsEndedAsync(int count)
        {
            JsonElement runs = default;
            await Eventually.HoldsAsync(async () =>
            {
                runs = await ingestion.JsonAsync($"{url}/runs");
                return runs.GetArrayLength() == count && runs.EnumerateArray().All(r => r.GetProperty("status").GetString() != "running");
            }, $"{count} runs ended", TimeSpan.FromSeconds(90));
            return runs[0];
        }

        var failed = await RunsEndedAsync(1);
        Assert.Equal(("failed", "schedule", paused), (failed.GetProperty("status").GetString(), failed.GetProperty("trigger").GetString(), failed.GetProperty("message").GetString()));
        var search = await ingestion.JsonAsync(url, "erin");
        Assert.False(search.GetProperty("enabled").GetBoolean(), $"the search after the run: {search}");
        Assert.Equal(reason, search.GetProperty("pauseReason").GetString());

        // A day later it is due, and the poller leaves it.
        var store = ingestion.Host.Services.GetRequiredService<ModuleStore<IngestionModule>>();
        var stored = (await store.GetAsync(SavedSearch.Collection, searchId.ToString("N")))!;
        await store.CommitAsync(new UnitOfWork().Put(SavedSearch.Collection, searchId.ToString("N"), projectId.ToString("N"),
            StoreJson.Read<SavedSearch>(stored) with { NextRunAt = DateTimeOffset.UtcNow.AddMinutes(-1) }, stored.Version));
        var searches = fake.Of("esearch").Count;
        await Task.Delay(TimeSpan.FromSeconds(1)); // five poll intervals
        Assert.Equal((1, searches), ((await ingestion.JsonAsync($"{url}/runs")).GetArrayLength(), fake.Of("esearch").Count));

        var enabled = await ingestion.As("dana").PutAsJsonAsync(url, new { enabled = true });
        await IngestionHost.ExpectAsync(HttpStatusCode.OK, enabled, "enable the paused search");
        var body = await enabled.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((true, JsonValueKind.Null), (body.GetProperty("enabled").GetBoolean(), body.GetProperty("pauseReason").ValueKind));
        Assert.Equal(paused, (await RunsEndedAsync(2)).GetProperty("message").GetString());
        Assert.Equal(reason, (await ingestion.JsonAsync(url)).GetProperty("pauseReason").GetString());

        // The narrowed query no longer floods that day.
        fake.AddUnservedHits(day, 0);
        var edited = await ingestion.As("dana").PutAsJsonAsync(url, new { query = "exosomes AND neurodegeneration" });
        await IngestionHost.ExpectAsync(HttpStatusCode.OK, edited, "narrow the paused search's query");
        body = await edited.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((true, JsonValueKind.Null), (body.GetProperty("enabled").GetBoolean(), body.GetProperty("pauseReason").ValueKind));
        var completed = await RunsEndedAsync(3);
        Assert.Equal(("completed", "schedule", 14), (completed.GetProperty("status").GetString(), completed.GetProperty("trigger").GetString(), completed.GetProperty("new").GetInt32()));
        search = await ingestion.JsonAsync(url);
        Assert.Equal((true, JsonValueKind.Null, completed.GetProperty("windowEnd").GetString()),
            (search.GetProperty("enabled").GetBoolean(), search.GetProperty("pauseReason").ValueKind, search.GetProperty("completedThrough").GetString()));
    }

    /// <summary>
    /// A lead runs a paused search by hand once NCBI lists that day in full again: the run completes,
    /// so what paused the search no longer holds, and the search runs on its schedule again instead of
    /// showing a pause whose reason the last run disproved (docs/ingestion-formats.md, alerts).
    /// </summary>
    [Fact]
    public async Task A_completed_run_of_a_paused_search_ends_the_pause()
    {
        var day = new DateOnly(2020, 6, 15);
        fake.AddUnservedHits(day, 10000);
        var projectId = await ingestion.CreateProjectAsync();
        var searchId = await CreateSearchAsync(projectId, new { query = "exosomes", schedule = "P1D", enabled = true });
        var url = $"{IngestionHost.Base(projectId)}/searches/{searchId}";
        await Eventually.HoldsAsync(async () => (await ingestion.JsonAsync(url)).GetProperty("pauseReason").ValueKind == JsonValueKind.String, "the first run paused the search", TimeSpan.FromSeconds(90));

        fake.AddUnservedHits(day, 0);
        var run = await WaitForRunAsync(ingestion, projectId, searchId, await RunNowAsync(projectId, searchId));
        Assert.Equal(14, run.GetProperty("new").GetInt32());
        var search = await ingestion.JsonAsync(url);
        Assert.Equal((true, JsonValueKind.Null, run.GetProperty("windowEnd").GetString()),
            (search.GetProperty("enabled").GetBoolean(), search.GetProperty("pauseReason").ValueKind, search.GetProperty("completedThrough").GetString()));
    }

    /// <summary>
    /// The store refuses a record of the second batch (a record under its id is there already, outside
    /// the ledger): that is not NCBI's failure. The run fails as an internal error saying so, with the
    /// records it saved counted and reported, instead of staying "running" and being retried for ever.
    /// </summary>
    [Fact]
    public async Task A_failure_inside_the_service_fails_the_run_as_an_internal_error_not_as_NCBI_s()
    {
        var projectId = await ingestion.CreateProjectAsync();
        var searchId = await CreateSearchAsync(projectId);
        var pmids = fake.Pmids;
        var store = ingestion.Host.Services.GetRequiredService<ModuleStore<IngestionModule>>();
        var blockerId = RecordKeys.ForAlert(searchId, pmids[5]);
        var blocker = new SourceRecord
        {
            Id = blockerId, ProjectId = projectId, Sequence = 1_000_000, Source = "test", ImportId = Guid.NewGuid(),
            Citation = new CitationRecord { Title = "blocker", Pmid = pmids[5], SourceFormat = CitationFormat.PubMedXml }, AddedAt = DateTimeOffset.UtcNow, Duplicate = false,
        };
        await store.CommitAsync(new UnitOfWork().Put(SourceRecord.Collection, blockerId.ToString("N"), projectId.ToString("N"), blocker, 0));
        var runId = await RunNowAsync(projectId, searchId);
        var failed = await WaitForRunAsync(ingestion, projectId, searchId, runId, "failed");

        Assert.Equal($"The run stopped on an error inside EvSysReview (ConcurrencyConflictException), not at NCBI; the service's log has the details under run {runId}. {NothingIsLost()}",
            failed.GetProperty("message").GetString());
        Assert.Equal((5, 5, 0, 0), (failed.GetProperty("fetched").GetInt32(), failed.GetProperty("new").GetInt32(), failed.GetProperty("duplicates").GetInt32(), failed.GetProperty("errorCount").GetInt32()));
        Assert.Equal(pmids.Take(5).Order(), (await AlertRecordPmidsAsync(projectId)).Order());
        var search = await ingestion.JsonAsync($"{IngestionHost.Base(projectId)}/searches/{searchId}");
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null), (search.GetProperty("completedThrough").ValueKind, search.GetProperty("activeRunId").ValueKind));
        await Eventually.HoldsAsync(() => Task.FromResult(ingestion.Observed.Of<ImportCompleted>(projectId).Any(c => c is { Source: "pubmed-alert", Failed: true, RecordsImported: 5 })), "ImportCompleted of the failed run");
    }

    /// <summary>A run of a new search whose efetch serves Pmids[1] as an unmappable article and leaves Pmids[2] out as <paramref name="leaveOut"/> does.</summary>
    private async Task<(Guid ProjectId, Guid SearchId, JsonElement Run)> RunWithAnUnmappableAndALeftOutPmidAsync(Action<string> leaveOut, string status)
    {
        var projectId = await ingestion.CreateProjectAsync();
        var searchId = await CreateSearchAsync(projectId);
        fake.ServeUnmappable(fake.Pmids[1]);
        leaveOut(fake.Pmids[2]);
        return (projectId, searchId, await WaitForRunAsync(ingestion, projectId, searchId, await RunNowAsync(projectId, searchId), status));
    }

    /// <summary>
    /// The history answer for the first batch holds an article that maps to no citation and leaves
    /// another PMID out: the left-out PMID is asked by id and saved, the unmappable one is reported by
    /// its PMID (and not asked again), and the completed run moves the cursor.
    /// </summary>
    [Fact]
    public async Task A_history_answer_with_an_unmappable_record_and_a_left_out_pmid_fetches_the_left_out_one_by_id()
    {
        var pmids = fake.Pmids;
        var (projectId, searchId, run) = await RunWithAnUnmappableAndALeftOutPmidAsync(fake.LeaveOutOfHistory, "completed");

        var fetches = fake.Of("efetch");
        Assert.Equal([pmids[0], pmids[1], pmids[3]], fetches[0].Served);
        Assert.Equal(pmids[2], fetches[1].Query["id"]);
        Assert.Equal([pmids[2]], fetches[1].Served);
        Assert.Equal(5, fetches.Count);
        Assert.Equal((14, 14, 13, 0, 1),
            (run.GetProperty("found").GetInt32(), run.GetProperty("fetched").GetInt32(), run.GetProperty("new").GetInt32(),
             run.GetProperty("duplicates").GetInt32(), run.GetProperty("errorCount").GetInt32()));
        var error = Assert.Single(run.GetProperty("errors").EnumerateArray()).GetString()!;
        Assert.Contains($"PMID {pmids[1]}: MedlineCitation has no Article", error);
        Assert.Equal(pmids.Where(p => p != pmids[1]).Order(), (await ImportedPmidsAsync(ingestion, projectId)).Order());
        var search = await ingestion.JsonAsync($"{IngestionHost.Base(projectId)}/searches/{searchId}");
        Assert.Equal(run.GetProperty("windowEnd").GetString(), search.GetProperty("completedThrough").GetString());
    }

    /// <summary>
    /// esearch lists a PMID that efetch never serves (withdrawn, or not yet released): it is asked by id
    /// twice, then reported by PMID as an error of the run, and the run completes and moves the cursor.
    /// Failing instead would stop the living search at that PMID on every run.
    /// </summary>
    [Fact]
    public async Task A_pmid_that_efetch_never_serves_is_asked_by_id_twice_then_reported_and_the_run_completes()
    {
        var pmids = fake.Pmids;
        var (projectId, searchId, run) = await RunWithAnUnmappableAndALeftOutPmidAsync(fake.LeaveOutOfEveryFetch, "completed");

        var fetches = fake.Of("efetch");
        Assert.Equal((pmids[2], 0), (fetches[1].Query["id"], fetches[1].Served.Count));
        Assert.Equal((pmids[2], 0), (fetches[2].Query["id"], fetches[2].Served.Count));
        Assert.Equal(6, fetches.Count);
        Assert.Equal((14, 12, 2), (run.GetProperty("fetched").GetInt32(), run.GetProperty("new").GetInt32(), run.GetProperty("errorCount").GetInt32()));
        var errors = run.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(2, errors.Count);
        Assert.Contains($"PMID {pmids[1]}: MedlineCitation has no Article", errors[0]);
        Assert.StartsWith($"PMID {pmids[2]}: esearch lists it but efetch by PMID returned no record, twice", errors[1]);
        Assert.Equal(pmids.Where(p => p != pmids[1] && p != pmids[2]).Order(), (await ImportedPmidsAsync(ingestion, projectId)).Order());
        var search = await ingestion.JsonAsync($"{IngestionHost.Base(projectId)}/searches/{searchId}");
        Assert.NotEqual(JsonValueKind.Null, search.GetProperty("completedThrough").ValueKind);
    }

    /// <summary>A short answer by id (the PMID left out once more) is asked again, and the second answer's record imported.</summary>
    [Fact]
    public async Task A_pmid_left_out_of_the_first_answer_by_id_is_imported_from_the_second()
    {
        var pmids = fake.Pmids;
        var (projectId, _, run) = await RunWithAnUnmappableAndALeftOutPmidAsync(pmid => fake.LeaveOutOfNextFetches(pmid, 2), "completed");

        var fetches = fake.Of("efetch");
        Assert.Equal((pmids[2], 0), (fetches[1].Query["id"], fetches[1].Served.Count));
        Assert.Equal([pmids[2]], fetches[2].Served);
        Assert.Equal((13, 1), (run.GetProperty("new").GetInt32(), run.GetProperty("errorCount").GetInt32()));
        Assert.Equal(pmids.Where(p => p != pmids[1]).Order(), (await ImportedPmidsAsync(ingestion, projectId)).Order());
    }

    /// <summary>
    /// NCBI's 429 body echoes the API key ("api-key"); a run that fails on it must not show the key
    /// to the project's observers in its message.
    /// </summary>
    [Fact]
    public async Task A_rate_limit_answer_echoing_the_api_key_fails_the_run_without_the_key_in_its_message()
    {
        const string apiKey = "0123456789abcdef0123456789abcdef0123";
        var projectId = await ingestion.CreateProjectAsync();
        var searchId = await CreateSearchAsync(projectId, new { query = "exosomes", apiKey });
        fake.FailNext(FakeFault.TooManyRequests, "esearch", 10); // more than the retries
        var failed = await WaitForRunAsync(ingestion, projectId, searchId, await RunNowAsync(projectId, searchId), "failed");

        Assert.Equal(apiKey, fake.Of("esearch")[0].Query["api_key"]);
        var message = failed.GetProperty("message").GetString()!;
        Assert.Contains("429", message);
        Assert.Contains("\"api-key\":\"[redacted]\"", message);
        Assert.DoesNotContain(apiKey, message);
    }

    [Fact]
    public async Task A_crash_after_the_first_batch_resumes_without_gaps_or_duplicates()
    {
        var projectId = await ingestion.CreateProjectAsync();
        var searchId = await CreateSearchAsync(projectId);
        fake.HoldFetchesAfter(1);
        var runId = await RunNowAsync(projectId, searchId);
        await Eventually.HoldsAsync(async () =>
        {
            var runs = await ingestion.JsonAsync($"{IngestionHost.Base(projectId)}/searches/{searchId}/runs");
            return runs[0].GetProperty("fetched").GetInt32() == 4 && fake.Of("efetch").Count == 2;
        }, "the first batch is committed and the second is being fetched");

        await ingestion.DisposeAsync();
        fake.Release();
        var fetchesBefore = fake.Of("efetch").Count;
        ingestion = await StartHostAsync(ingestion.DataDirectory);

        var run = await WaitForRunAsync(ingestion, projectId, searchId, runId);
        Assert.Equal(14, run.GetProperty("new").GetInt32());
        Assert.Equal(0, run.GetProperty("duplicates").GetInt32());
        var pmids = await ImportedPmidsAsync(ingestion, projectId);
        Assert.Equal(fake.Pmids.Order(), pmids.Order());
        var resumed = fake.Of("efetch").Skip(fetchesBefore).SelectMany(f => f.Served).ToList();
        Assert.Equal(fake.Pmids.Skip(4), resumed);
        Assert.Single(fake.Of("esearch"));
    }

    [Fact]
    public async Task A_window_over_the_esearch_cap_is_halved_until_each_part_fits()
    {
        await UseSmallSearchCapAsync(5);
        var projectId = await ingestion.CreateProjectAsync();
        await ingestion.ImportAsync(projectId, await File.ReadAllBytesAsync(IngestionHost.TestFile("pubmed/biopython_pubmed4.xml")), "application/xml");
        var searchId = await CreateSearchAsync(projectId);
        var run = await WaitForRunAsync(ingestion, projectId, searchId, await RunNowAsync(projectId, searchId));

        Assert.Equal((14, 0, 14, 14), (run.GetProperty("found").GetInt32(), run.GetProperty("alreadyImported").GetInt32(), run.GetProperty("toFetch").GetInt32(), run.GetProperty("fetched").GetInt32()));
        Assert.Equal((13, 1, 0), (run.GetProperty("new").GetInt32(), run.GetProperty("duplicates").GetInt32(), run.GetProperty("errorCount").GetInt32()));
        var searches = fake.Of("esearch");
        Assert.True(searches[0].HitCount == 14, "the whole window first");
        // The windows that fitted tile the run's window: contiguous, no overlap, none over the cap.
        var fitted = searches.Where(s => s.HitCount <= 5)
            .Select(s => (From: DateOnly.ParseExact(s.Query["mindate"], "yyyy/MM/dd"), To: DateOnly.ParseExact(s.Query["maxdate"], "yyyy/MM/dd")))
            .OrderBy(w => w.From).ToList();
        Assert.Equal(new DateOnly(1800, 1, 1), fitted[0].From);
        Assert.Equal(run.GetProperty("windowEnd").GetString(), fitted[^1].To.ToString("yyyy-MM-dd"));
        Assert.All(fitted.Zip(fitted.Skip(1)), pair => Assert.Equal(pair.First.To.AddDays(1), pair.Second.From));
        Assert.Equal(14, searches.Where(s => s.HitCount <= 5).Sum(s => s.HitCount));
        Assert.All(searches.Where(s => s.HitCount > 5), s => Assert.NotEqual(s.Query["mindate"], s.Query["maxdate"]));
        // Every record fetched once, from the history server, in batches of at most 4, part after part in date order.
        var fetches = fake.Of("efetch");
        Assert.All(fetches, f => Assert.True(f.Query.ContainsKey("WebEnv") && int.Parse(f.Query["retmax"]) <= 4, string.Join("&", f.Query)));
        var served = fetches.SelectMany(f => f.Served).ToList();
        Assert.Equal(fake.Pmids.Order(), served.Order());
        var partOfEach = served.Select(p => fitted.FindIndex(w => w.From <= fake.EntrezDate(p) && fake.EntrezDate(p) <= w.To)).ToList();
        Assert.Equal(partOfEach.Order(), partOfEach);
        Assert.Equal(14, (await ingestion.JsonAsync($"{IngestionHost.Base(projectId)}/records")).GetProperty("total").GetInt32());
        var prisma = await ingestion.JsonAsync($"{IngestionHost.Base(projectId)}/prisma");
        Assert.Equal((14, 1), (prisma.GetProperty("identifiedPerSource").GetProperty("pubmed-alert").GetInt32(), prisma.GetProperty("duplicatesRemoved").GetInt32()));
    }

    /// <summary>
    /// PubMed lists at most 9,999 hits of one search: a window of exactly 10,000 (14 articles and
    /// 9,986 unserved hits on one day) is split, with the cap configured as 10,000, rather than paged
    /// past the limit into an error.
    /// </summary>
    [Fact]
    public async Task A_window_of_exactly_10000_hits_is_split_because_PubMed_lists_at_most_9999()
    {
        fake.UseRecordedEntrezDates();
        fake.AddUnservedHits(new DateOnly(2020, 6, 15), 10000 - fake.Pmids.Count);
        fake.HoldFetchesAfter(0);
        var projectId = await ingestion.CreateProjectAsync();
        var searchId = await CreateSearchAsync(projectId);
        var runId = await RunNowAsync(projectId, searchId);
        JsonElement run = default;
        await Eventually.HoldsAsync(async () =>
        {
            run = (await ingestion.JsonAsync($"{IngestionHost.Base(projectId)}/searches/{searchId}/runs")).EnumerateArray().Single(r => r.GetProperty("runId").GetGuid() == runId);
            return fake.Of("efetch").Count == 1 || run.GetProperty("status").GetString() != "running";
        }, "the search is done and the first fetch waits, or the run ended", TimeSpan.FromSeconds(90));

        Assert.True(run.GetProperty("status").GetString() == "running", $"run ended {run}");
        var searches = fake.Of("esearch");
        Assert.Equal(10000, searches[0].HitCount);
        Assert.All(searches, s => Assert.Equal("0", s.Query["retstart"]));
        Assert.Equal(10000, searches.Where(s => s.HitCount <= FakeEUtilities.PubMedListLimit).Sum(s => s.HitCount));
        Assert.Equal(10000, run.GetProperty("found").GetInt32());
    }

    [Fact]
    public async Task A_crash_across_split_windows_with_an_expired_history_resumes_by_pmid_without_gaps_or_duplicates()
    {
        await UseSmallSearchCapAsync(5);
        var projectId = await ingestion.CreateProjectAsync();
        var searchId = await CreateSearchAsync(projectId);
        fake.HoldFetchesAfter(2);
        var runId = await RunNowAsync(projectId, searchId);
        await Eventually.HoldsAsync(async () =>
        {
            var runs = await ingestion.JsonAsync($"{IngestionHost.Base(projectId)}/searches/{searchId}/runs");
            var efetch = fake.Of("efetch");
            return efetch.Count == 3 && runs[0].GetProperty("fetched").GetInt32() == efetch.Take(2).Sum(f => f.Served.Count);
        }, "two batches committed and the third being fetched");
        var before = fake.Of("efetch").Take(2).SelectMany(f => f.Served).ToList();
        var searchesBefore = fake.Of("esearch").Count;

        await ingestion.DisposeAsync();
        fake.ExpireHistory();
        fake.Release();
        var fetchesBefore = fake.Of("efetch").Count;
        ingestion = await StartHostAsync(ingestion.DataDirectory, 5);

        var run = await WaitForRunAsync(ingestion, projectId, searchId, runId);
        Assert.Equal((14, 14, 14, 0, 0), (run.GetProperty("found").GetInt32(), run.GetProperty("fetched").GetInt32(), run.GetProperty("new").GetInt32(), run.GetProperty("duplicates").GetInt32(), run.GetProperty("errorCount").GetInt32()));
        var after = fake.Of("efetch").Skip(fetchesBefore).ToList();
        // Each batch asks the expired WebEnv first (an error answer, nothing served), then the same PMIDs by id.
        Assert.All(after.Where(f => f.Query.ContainsKey("WebEnv")), f => Assert.Empty(f.Served));
        var byId = after.Where(f => f.Query.ContainsKey("id")).ToList();
        Assert.Equal(after.Count / 2, byId.Count);
        Assert.All(byId, f => Assert.Equal(f.Query["id"].Split(','), f.Served));
        var resumed = byId.SelectMany(f => f.Served).ToList();
        Assert.Empty(resumed.Intersect(before));
        Assert.Equal(fake.Pmids.Order(), before.Concat(resumed).Order());
        Assert.Equal(searchesBefore, fake.Of("esearch").Count); // the parts were kept: no new search
        Assert.Equal(fake.Pmids.Order(), (await ImportedPmidsAsync(ingestion, projectId)).Order());
    }

    [Fact]
    public async Task A_run_left_active_in_the_previous_format_searches_its_window_again()
    {
        var projectId = await ingestion.CreateProjectAsync();
        var searchId = await CreateSearchAsync(projectId);
        // What the previous version stored for a run a crash interrupted after one batch: its PMIDs
        // in Ids/IdsDone, no parts. (Written here by hand; that version is gone.)
        var store = ingestion.Host.Services.GetRequiredService<EvSysReview.ServiceDefaults.Storage.ModuleStore<IngestionModule>>();
        var runId = Guid.NewGuid();
        var stored = (await store.GetAsync(EvSysReview.Ingestion.Alerts.SavedSearch.Collection, searchId.ToString("N")))!;
        var search = EvSysReview.ServiceDefaults.Storage.StoreJson.Read<EvSysReview.Ingestion.Alerts.SavedSearch>(stored) with { ActiveRunId = runId };
        var legacy = new
        {
            Id = runId, SearchId = searchId, ProjectId = projectId, Status = EvSysReview.Ingestion.Alerts.SearchRunStatus.Running, Trigger = "manual",
            StartedAt = DateTimeOffset.UtcNow, WindowStart = new DateOnly(1800, 1, 1), WindowEnd = DateOnly.FromDateTime(DateTime.UtcNow),
            Searched = true, Found = 14, AlreadyImported = 0, Ids = fake.Pmids, IdsDone = 4, New = 4, Duplicates = 0, ErrorCount = 0, Errors = Array.Empty<string>(),
        };
        await store.CommitAsync(new EvSysReview.ServiceDefaults.Storage.UnitOfWork()
            .Put(EvSysReview.Ingestion.Alerts.SearchRun.Collection, runId.ToString("N"), searchId.ToString("N"), legacy, 0)
            .Put(EvSysReview.Ingestion.Alerts.SavedSearch.Collection, searchId.ToString("N"), projectId.ToString("N"), search, stored.Version));

        var run = await WaitForRunAsync(ingestion, projectId, searchId, runId);
        Assert.Equal((14, 14, 14, 0), (run.GetProperty("found").GetInt32(), run.GetProperty("fetched").GetInt32(), run.GetProperty("new").GetInt32(), run.GetProperty("duplicates").GetInt32()));
        Assert.Single(fake.Of("esearch"));
        Assert.Equal(fake.Pmids.Order(), (await ImportedPmidsAsync(ingestion, projectId)).Order());
    }

    [Fact]
    public async Task An_alert_record_after_a_manual_import_of_the_same_paper_is_a_duplicate()
    {
        var projectId = await ingestion.CreateProjectAsync();
        await ingestion.ImportAsync(projectId, await File.ReadAllBytesAsync(IngestionHost.TestFile("pubmed/biopython_pubmed4.xml")), "application/xml");
        var searchId = await CreateSearchAsync(projectId);
        var run = await WaitForRunAsync(ingestion, projectId, searchId, await RunNowAsync(projectId, searchId));

        Assert.Equal(13, run.GetProperty("new").GetInt32());
        Assert.Equal(1, run.GetProperty("duplicates").GetInt32());
        await Eventually.HoldsAsync(() => Task.FromResult(ingestion.Observed.Of<DuplicateDetected>(projectId).Count == 1), "DuplicateDetected");
        var duplicate = ingestion.Observed.Of<DuplicateDetected>(projectId).Single();
        Assert.Equal("pmid", duplicate.MatchedOn);
        Assert.Equal("pubmed-alert", duplicate.Source);
        Assert.Single(ingestion.Observed.Of<CitationImported>(projectId), e => e.Citation.Pmid == "27797938");
        var prisma = await ingestion.JsonAsync($"{IngestionHost.Base(projectId)}/prisma");
        Assert.Equal(14, prisma.GetProperty("identifiedPerSource").GetProperty("pubmed-alert").GetInt32());
        Assert.Equal(1, prisma.GetProperty("duplicatesRemoved").GetInt32());
        Assert.Equal(14, prisma.GetProperty("unique").GetInt32());
    }

    [Fact]
    public async Task An_enabled_search_runs_on_its_schedule_and_the_protocol_search_waits_to_be_enabled()
    {
        var projectId = await ingestion.CreateProjectAsync();
        var searchId = await CreateSearchAsync(projectId, new { query = "exosomes", schedule = "PT1H", enabled = true, apiKey = "abc123def456" });
        await Eventually.HoldsAsync(async () =>
            (await ingestion.JsonAsync($"{IngestionHost.Base(projectId)}/searches/{searchId}/runs")).EnumerateArray().Any(r => r.GetProperty("status").GetString() == "completed"),
            "the scheduled run completed");
        var runs = await ingestion.JsonAsync($"{IngestionHost.Base(projectId)}/searches/{searchId}/runs");
        Assert.Equal("schedule", runs.EnumerateArray().Single().GetProperty("trigger").GetString());
        Assert.All(fake.Requests, r => Assert.Equal("abc123def456", r.Query["api_key"]));
        var search = await ingestion.JsonAsync($"{IngestionHost.Base(projectId)}/searches/{searchId}", "erin");
        Assert.True(search.GetProperty("hasApiKey").GetBoolean());
        Assert.DoesNotContain("abc123def456", search.GetRawText());
        Assert.True(search.GetProperty("nextRunAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(55));

        // A project made from the MSC-EV template: its protocol's savedSearch becomes a disabled daily search.
        var created = await ingestion.As("alice").PostAsJsonAsync("/api/reviews/projects", new { template = "msc-ev-neurodegeneration" });
        var templated = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await ingestion.WaitForMembersAsync(templated, 1);
        JsonElement protocolSearch = default;
        await Eventually.HoldsAsync(async () =>
        {
            var list = await ingestion.JsonAsync($"{IngestionHost.Base(templated)}/searches");
            protocolSearch = list.EnumerateArray().FirstOrDefault();
            return protocolSearch.ValueKind == JsonValueKind.Object;
        }, "the protocol's search exists");
        Assert.False(protocolSearch.GetProperty("enabled").GetBoolean());
        Assert.Equal("P1D", protocolSearch.GetProperty("schedule").GetString());
        Assert.Contains("exosome", protocolSearch.GetProperty("query").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Observers_and_reviewers_cannot_create_or_run_searches()
    {
        var projectId = await ingestion.CreateProjectAsync();
        var searchId = await CreateSearchAsync(projectId);
        foreach (var user in new[] { "erin", "bob" })
        {
            await IngestionHost.ExpectAsync(HttpStatusCode.Forbidden, await ingestion.As(user).PostAsJsonAsync($"{IngestionHost.Base(projectId)}/searches", new { query = "x" }), $"{user} creates a search");
            await IngestionHost.ExpectAsync(HttpStatusCode.Forbidden, await ingestion.As(user).PostAsync($"{IngestionHost.Base(projectId)}/searches/{searchId}/run", null), $"{user} runs a search");
        }

        var invalid = await ingestion.As("alice").PostAsJsonAsync($"{IngestionHost.Base(projectId)}/searches", new { query = "x", schedule = "daily" });
        await IngestionHost.ExpectAsync(HttpStatusCode.BadRequest, invalid, "a schedule that is not a duration");
        Assert.Equal("schedule", (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        Assert.Empty(fake.Requests);
    }
}

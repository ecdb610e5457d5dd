using EvSysReview.Contracts.Ingestion;
using EvSysReview.Ingestion.Citations.PubMed;
using EvSysReview.Ingestion.Clusters;
using EvSysReview.Ingestion.Records;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace EvSysReview.Ingestion.Alerts;

/// <summary>
/// Starts, runs and resumes the runs of saved searches: esearch over the date window since the
/// cursor, efetch in batches, each record through the same intake as uploads (so an alert record
/// that a manual import already brought in is a duplicate), then the cursor moves on.
/// </summary>
public sealed class SearchRunner(
    ModuleStore<IngestionModule> store,
    EUtilitiesClient eutilities,
    CitationIntake intake,
    ProjectCitationsCache citations,
    OutboxSignal<IngestionModule> signal,
    IOptions<IngestionOptions> options,
    TimeProvider time,
    ILogger<SearchRunner> logger)
{
    public const string Source = "pubmed-alert";

    /// <summary>Creates the run and marks the search busy in one commit; a concurrent start loses with a conflict.</summary>
    public async Task<SearchRun> StartAsync(SavedSearch search, long searchVersion, string trigger, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var run = new SearchRun
        {
            Id = Guid.NewGuid(), SearchId = search.Id, ProjectId = search.ProjectId, Status = SearchRunStatus.Running, Trigger = trigger, StartedAt = now,
            WindowStart = search.CompletedThrough ?? options.Value.Alerts.BackfillFrom, WindowEnd = DateOnly.FromDateTime(now.UtcDateTime),
        };
        await store.CommitAsync(new UnitOfWork()
            .Put(SearchRun.Collection, run.Id.ToString("N"), search.Id.ToString("N"), run, 0)
            .Put(SavedSearch.Collection, search.Id.ToString("N"), search.ProjectId.ToString("N"), search with { ActiveRunId = run.Id }, searchVersion), cancellationToken);
        return run;
    }

    /// <summary>Runs (or resumes) the search's active run to its end.</summary>
    public async Task RunActiveAsync(Guid searchId, CancellationToken cancellationToken)
    {
        var search = await LoadAsync<SavedSearch>(SavedSearch.Collection, searchId, cancellationToken);
        if (search?.Value.ActiveRunId is not { } runId) return;
        var loaded = await LoadAsync<SearchRun>(SearchRun.Collection, runId, cancellationToken);
        if (loaded is not { } r || r.Value.Status != SearchRunStatus.Running)
        {
            await FinishAsync(search.Value.Value, loaded?.Value, loaded?.Version ?? 0, cancellationToken);
            return;
        }

        var (run, version) = r;
        var apiKey = search.Value.Value.ApiKey;
        try
        {
            if (!run.Searched) (run, version) = await SearchAsync(search.Value.Value, run, version, cancellationToken);
            var batchSize = Math.Clamp(options.Value.Alerts.FetchBatchSize, 1, 200);
            while (run.IdsDone < run.Ids.Count)
            {
                var batch = run.Ids.Skip(run.IdsDone).Take(batchSize).ToList();
                run = await FetchBatchAsync(run, batch, apiKey, cancellationToken);
                run = run with { IdsDone = run.IdsDone + batch.Count };
                version = await SaveAsync(run, version, cancellationToken);
            }

            run = run with { Status = SearchRunStatus.Completed };
        }
        catch (Exception exception) when (IsNcbiFailure(exception) && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "Run {RunId} of search {SearchId} failed.", run.Id, searchId);
            run = run with { Status = SearchRunStatus.Failed, Message = exception.Message };
        }

        await FinishAsync(search.Value.Value, run, version, cancellationToken);
    }

    private static bool IsNcbiFailure(Exception exception) =>
        exception is EUtilitiesFailure or HttpRequestException or TimeoutRejectedException or BrokenCircuitException or TaskCanceledException or IOException;

    private async Task<(SearchRun, long)> SearchAsync(SavedSearch search, SearchRun run, long version, CancellationToken cancellationToken)
    {
        var pageSize = Math.Clamp(options.Value.Alerts.SearchPageSize, 1, 10000);
        var ids = new List<string>();
        int count;
        do
        {
            var response = await eutilities.SearchAsync(search.Query, run.WindowStart, run.WindowEnd, ids.Count, pageSize, search.ApiKey, cancellationToken);
            if (response.Error is { } error) throw new EUtilitiesFailure($"esearch: {error.Kind}: {error.Message}");
            var result = response.Result!;
            count = result.Count;
            if (count > 10000)
                throw new EUtilitiesFailure($"esearch found {count} records between {run.WindowStart:yyyy-MM-dd} and {run.WindowEnd:yyyy-MM-dd}; PubMed lists at most 10,000 per search, so narrow the query or start the cursor later.");
            if (result.Ids.Count == 0) break;
            ids.AddRange(result.Ids);
        }
        while (ids.Count < count);

        var distinct = ids.Distinct().ToList();
        // PMIDs this search imported in an earlier (overlapping) window are not fetched again.
        var toFetch = await citations.WithAsync(run.ProjectId, state =>
            Task.FromResult(distinct.Where(pmid => state.Find(RecordKeys.ForAlert(run.SearchId, pmid)) is null).ToList()), cancellationToken);
        run = run with { Searched = true, Found = distinct.Count, AlreadyImported = distinct.Count - toFetch.Count, Ids = toFetch };
        return (run, await SaveAsync(run, version, cancellationToken));
    }

    private async Task<SearchRun> FetchBatchAsync(SearchRun run, IReadOnlyList<string> batch, string? apiKey, CancellationToken cancellationToken)
    {
        await using var body = await eutilities.FetchAsync(batch, apiKey, cancellationToken);
        var errors = run.Errors.ToList();
        int added = 0, duplicates = 0, errorCount = 0;
        await foreach (var result in new PubMedXmlReader().ReadAsync(body, cancellationToken))
        {
            if (result.Record is not { } record)
            {
                var error = result.Error!;
                // Nothing usable in the answer (<ERROR>, truncated XML): fail the run; the cursor stays.
                if (added + duplicates == 0 && error.RecordIndex == 0) throw new EUtilitiesFailure($"efetch: {error.Reason}");
                errorCount++;
                if (errors.Count < options.Value.MaxStoredErrors) errors.Add($"efetch of PMIDs {batch[0]}..{batch[^1]}, record {error.RecordIndex} (line {error.Line}): {error.Reason}");
                continue;
            }

            var outcome = await intake.AddAsync(new SourceRecord
            {
                Id = RecordKeys.ForAlert(run.SearchId, record.Pmid ?? $"{run.Id:N}:{run.IdsDone}:{record.RecordIndex}"),
                ProjectId = run.ProjectId, Sequence = 0, Source = Source, ImportId = run.Id, SearchId = run.SearchId,
                Citation = record, AddedAt = time.GetUtcNow(), Duplicate = false,
            }, run.Id, cancellationToken);
            if (outcome.Record.Duplicate) duplicates++;
            else added++;
        }

        return run with { New = run.New + added, Duplicates = run.Duplicates + duplicates, ErrorCount = run.ErrorCount + errorCount, Errors = errors };
    }

    /// <summary>
    /// Ends the run: its final state, the search's cursor (advanced only when the run completed) and
    /// ImportCompleted in one commit. Retried on a conflict with a concurrent edit of the search.
    /// </summary>
    private async Task FinishAsync(SavedSearch searchAsRead, SearchRun? run, long runVersion, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        for (var attempt = 1; ; attempt++)
        {
            var loaded = await LoadAsync<SavedSearch>(SavedSearch.Collection, searchAsRead.Id, cancellationToken);
            if (loaded is not { } s) return;
            var search = s.Value with
            {
                ActiveRunId = null,
                LastRunAt = now,
                LastRunStatus = run?.Status,
                NextRunAt = SearchSchedule.NextAfter(now, s.Value.Schedule),
            };
            var work = new UnitOfWork();
            if (run is not null && run.Status != SearchRunStatus.Running)
            {
                var finished = run with { FinishedAt = now };
                work.Put(SearchRun.Collection, run.Id.ToString("N"), run.SearchId.ToString("N"), finished, runVersion);
                if (run.Status == SearchRunStatus.Completed)
                {
                    // A changed query resets the cursor; a run of the old query does not set it again.
                    if (s.Value.CompletedThrough == searchAsRead.CompletedThrough && s.Value.Query == searchAsRead.Query)
                        search = search with { CompletedThrough = run.WindowEnd };
                    work.Publish(new ImportCompleted
                    {
                        ProjectId = run.ProjectId, CorrelationId = run.Id, ImportId = run.Id, Source = Source,
                        RecordsRead = run.New + run.Duplicates + run.ErrorCount, RecordsImported = run.New, Duplicates = run.Duplicates, Errors = run.ErrorCount,
                    });
                }
            }

            work.Put(SavedSearch.Collection, search.Id.ToString("N"), search.ProjectId.ToString("N"), search, s.Version);
            try
            {
                await store.CommitAsync(work, cancellationToken);
                signal.Notify();
                return;
            }
            catch (ConcurrencyConflictException) when (attempt < 5)
            {
            }
        }
    }

    private async Task<long> SaveAsync(SearchRun run, long version, CancellationToken cancellationToken)
    {
        await store.CommitAsync(new UnitOfWork().Put(SearchRun.Collection, run.Id.ToString("N"), run.SearchId.ToString("N"), run, version), cancellationToken);
        return version + 1;
    }

    private async Task<(T Value, long Version)?> LoadAsync<T>(string collection, Guid id, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(collection, id.ToString("N"), cancellationToken);
        return stored is null ? null : (StoreJson.Read<T>(stored), stored.Version);
    }
}

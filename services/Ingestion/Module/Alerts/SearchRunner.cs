using System.Runtime.ExceptionServices;
using EvSysReview.Contracts.Ingestion;
using EvSysReview.Ingestion.Citations;
using EvSysReview.Ingestion.Citations.EUtilities;
using EvSysReview.Ingestion.Citations.PubMed;
using EvSysReview.Ingestion.Clusters;
using EvSysReview.Ingestion.Records;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EvSysReview.Ingestion.Alerts;

/// <summary>
/// Starts, runs and resumes the runs of saved searches: esearch over the date window since the
/// cursor, efetch in batches, each record through the same intake as uploads (so an alert record
/// that a manual import already brought in is a duplicate), then the cursor moves on.
/// A run is worked by one runner at a time: the runner claims it (<see cref="SearchRun.ClaimedBy"/>)
/// with a lease renewed at every save; another instance's poller leaves it alone while the lease
/// holds and takes it over once it has passed (its runner died), or at once when the runner was a
/// process of this machine that has ended (<see cref="RunnerIdentity.HasEnded"/>). A runner whose run was taken over
/// meanwhile (it stalled past its lease) finds out at its next save, which conflicts, and steps back.
/// </summary>
public sealed class SearchRunner(
    ModuleStore<IngestionModule> store,
    EUtilitiesClient eutilities,
    CitationIntake intake,
    ProjectCitationsCache citations,
    OutboxSignal<IngestionModule> signal,
    RunnerIdentity identity,
    IOptions<IngestionOptions> options,
    TimeProvider time,
    ILogger<SearchRunner> logger)
{
    public const string Source = "pubmed-alert";

    /// <summary>
    /// PubMed's esearch lists only the first 9,999 hits of a search (retstart at most 9998), and its
    /// history server serves no more; a window of 10,000 must be split, not paged.
    /// </summary>
    public const int PubMedListLimit = 9999;

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
            await FinishAsync(search.Value.Value, loaded?.Value, cancellationToken);
            return;
        }

        var (run, version) = r;
        if (run.ClaimedBy is { } holder && holder != identity.Name && run.ClaimedUntil > time.GetUtcNow())
        {
            if (!RunnerIdentity.HasEnded(holder))
            {
                logger.LogDebug("Run {RunId} of search {SearchId} is claimed by {Runner} until {Until}; left to it.", run.Id, searchId, holder, run.ClaimedUntil);
                return;
            }

            logger.LogInformation("Run {RunId} of search {SearchId} is claimed by {Runner} until {Until}, a process of this machine that has ended; taken over now.", run.Id, searchId, holder, run.ClaimedUntil);
        }

        // A run a crash left behind under the previous format kept its PMIDs in a field no longer
        // read: it has hits but no parts. Search its window again rather than finish it empty (a
        // gap); records it committed are recognised by id, so the counts restart from zero.
        if (run.Searched && run.Parts.Count == 0 && run.ToFetch > 0)
            run = run with { Searched = false, Found = 0, AlreadyImported = 0, New = 0, Duplicates = 0, ErrorCount = 0, Errors = [] };
        var apiKey = search.Value.Value.ApiKey;
        string? pauseReason = null;
        using var heartbeatStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var heartbeat = Task.CompletedTask;
        try
        {
            // The claim: of two runners taking the run up at once, the one whose save conflicts steps back.
            run = run with { ClaimedBy = identity.Name };
            version = await SaveAsync(run, version, cancellationToken);
            heartbeat = RenewClaimAsync(run.Id, heartbeatStop.Token);
            if (!run.Searched) (run, version) = await SearchAsync(search.Value.Value, run, version, cancellationToken);
            var batchSize = Math.Clamp(options.Value.Alerts.FetchBatchSize, 1, 200);
            int BatchesOf(SearchRunPart p) => (p.Ids.Count + batchSize - 1) / batchSize;
            var batches = run.Parts.Sum(BatchesOf);
            for (; run.PartsDone < run.Parts.Count; run = run with { PartsDone = run.PartsDone + 1 })
            {
                var part = run.Parts[run.PartsDone];
                var already = part.AlreadyImported.ToHashSet(StringComparer.Ordinal);
                while (part.Done < part.Ids.Count)
                {
                    var slice = part.Ids.Skip(part.Done).Take(batchSize).ToList();
                    // A batch of records this search imported in an earlier run costs no request.
                    var wanted = slice.Where(id => !already.Contains(id)).ToList();
                    if (wanted.Count > 0)
                    {
                        // Numbered over the whole run, so a failed run's message says how far it got.
                        var batch = $"batch {run.Parts.Take(run.PartsDone).Sum(BatchesOf) + part.Done / batchSize + 1} of {batches}";
                        // The run keeps the counts of what the batch committed even when it then fails.
                        (run, var failure) = await FetchBatchAsync(run, part, slice.Count, wanted, batch, apiKey, cancellationToken);
                        if (failure is not null) ExceptionDispatchInfo.Throw(failure);
                    }

                    part = part with { Done = part.Done + slice.Count };
                    run = run with { Parts = [.. run.Parts.Take(run.PartsDone), part, .. run.Parts.Skip(run.PartsDone + 1)] };
                    if (wanted.Count > 0) version = await SaveAsync(run, version, cancellationToken);
                }
            }

            run = run with { Status = SearchRunStatus.Completed };
        }
        catch (RunTakenOverException takenOver)
        {
            // Not a failure: the run goes on (or ended) under the runner that has it, which reports it.
            await StopAsync(heartbeatStop, heartbeat);
            logger.LogInformation("Run {RunId} of search {SearchId}: {Reason} This runner steps back.", run.Id, searchId, takenOver.Message);
            return;
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped (a restart, a deploy), not crashed: the claim is given back so the next poll, of
            // this instance or another, resumes the run at once instead of when the lease runs out.
            await StopAsync(heartbeatStop, heartbeat);
            await ReleaseAsync(run.Id);
            throw;
        }
        catch (EUtilitiesFailure failure) when (!cancellationToken.IsCancellationRequested)
        {
            // Failures carrying NCBI's text are built with the key blanked; the stored message is blanked again
            // in case another path ever carries it.
            logger.LogWarning(failure, "Run {RunId} of search {SearchId} failed.", run.Id, searchId);
            run = run with { Status = SearchRunStatus.Failed, Message = ApiKeyRedaction.Redact($"{failure.Message.TrimEnd('.')}. {NothingIsLost(run)}", apiKey) };
        }
        catch (DayOverListLimitException overLimit) when (!cancellationToken.IsCancellationRequested)
        {
            // Failing again at every scheduled run until the query is narrowed tells the reviewers nothing new.
            logger.LogWarning("Run {RunId} of search {SearchId} failed and pauses the search: {Reason}", run.Id, searchId, overLimit.Message);
            pauseReason = overLimit.Message;
            run = run with
            {
                Status = SearchRunStatus.Failed,
                Message = $"{overLimit.Message} The search is paused, as every run would fail the same way, until its query is edited, it is enabled again, or Run now completes once NCBI lists that day in full. Nothing is lost: enabled again, it searches from {run.WindowStart:yyyy-MM-dd} again; with a new query, from the beginning.",
            };
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Not NCBI's failure (the store refused a write, a bug). Left unhandled, the poller resumed the
            // run every interval for ever: it stayed "running" with no message, run-now answered 409, and
            // the searches polled after it never ran. Failed, it says so and keeps what it saved, as a
            // failed upload does; the details are for operators, in the log.
            logger.LogError(exception, "Run {RunId} of search {SearchId} stopped on an internal error.", run.Id, searchId);
            run = run with
            {
                Status = SearchRunStatus.Failed,
                Message = $"The run stopped on an error inside EvSysReview ({exception.GetType().Name}), not at NCBI; the service's log has the details under run {run.Id}. {NothingIsLost(run)}",
            };
        }

        // No renewal between the run's end, read and written by FinishAsync, and its commit.
        await StopAsync(heartbeatStop, heartbeat);
        await FinishAsync(search.Value.Value, run, cancellationToken, pauseReason);
    }

    /// <summary>What a failed run's message ends with: the cursor stays, so the window is searched again and nothing is lost.</summary>
    private static string NothingIsLost(SearchRun run) =>
        $"Nothing is lost: the next run searches from {run.WindowStart:yyyy-MM-dd} again, fetches what this run did not and recognises the records it saved.";

    /// <summary>A request of the run's <paramref name="step"/>; its failure names the step (which call, which window or PMIDs).</summary>
    private static async Task<T> AtStepAsync<T>(string step, Func<Task<T>> request)
    {
        try
        {
            return await request();
        }
        catch (EUtilitiesFailure failure)
        {
            throw failure.At(step);
        }
    }

    private static string Listed(IReadOnlyList<string> pmids) =>
        pmids.Count == 1 ? $"PMID {pmids[0]}" : $"PMIDs {string.Join(", ", pmids.Take(10))}{(pmids.Count > 10 ? $" and {pmids.Count - 10} more" : "")}";

    /// <summary>
    /// Cuts the run's window into parts of at most MaxSearchCount hits (never above
    /// <see cref="PubMedListLimit"/>), halving a window with more, then
    /// keeps each part's history handle and PMIDs. Nothing is fetched yet, so a crash here just
    /// searches again. The claim is renewed as it goes (see the loop), not only at its end.
    /// </summary>
    private async Task<(SearchRun, long)> SearchAsync(SavedSearch search, SearchRun run, long version, CancellationToken cancellationToken)
    {
        var cap = Math.Clamp(options.Value.Alerts.MaxSearchCount, 1, PubMedListLimit);
        var windows = new Stack<(DateOnly Start, DateOnly End)>();
        windows.Push((run.WindowStart, run.WindowEnd));
        var parts = new List<SearchRunPart>();
        var claimRenewedAt = time.GetUtcNow();
        while (windows.TryPop(out var window))
        {
            var part = await SearchWindowAsync(search, window.Start, window.End, cap, cancellationToken);
            // The step saves its parts only at its end, and it can outlast the lease (NCBI slow, each
            // esearch up to three attempts of TotalTimeout; a backfill split into many windows): another
            // instance's poll would then take the run over and search it again from the start. So the
            // claim is renewed as the windows go by, by a save of the run as it was, once a third of the
            // lease has passed (a short search costs no extra write). A conflict steps back like any save.
            var now = time.GetUtcNow();
            if (now - claimRenewedAt > options.Value.Alerts.RunLease / 3)
            {
                version = await SaveAsync(run, version, cancellationToken);
                claimRenewedAt = now;
            }

            if (part is null)
            {
                // Earlier half first, so parts (and the records) come in date order.
                var middle = window.Start.AddDays((window.End.DayNumber - window.Start.DayNumber) / 2);
                windows.Push((middle.AddDays(1), window.End));
                windows.Push((window.Start, middle));
                continue;
            }

            if (part.Ids.Count > 0) parts.Add(part);
        }

        // PMIDs this search imported in an earlier (overlapping) window are not fetched again.
        var withAlready = await citations.WithAsync(run.ProjectId, state => Task.FromResult(parts.Select(p => p with
        {
            AlreadyImported = p.Ids.Where(pmid => state.Find(RecordKeys.ForAlert(run.SearchId, pmid)) is not null).ToList(),
        }).ToList()), cancellationToken);
        run = run with
        {
            Searched = true, Parts = withAlready,
            Found = withAlready.Sum(p => p.Ids.Count), AlreadyImported = withAlready.Sum(p => p.AlreadyImported.Count),
        };
        return (run, await SaveAsync(run, version, cancellationToken));
    }

    /// <summary>One window on the history server with its PMIDs; null when it has more hits than <paramref name="cap"/>.</summary>
    private async Task<SearchRunPart?> SearchWindowAsync(SavedSearch search, DateOnly start, DateOnly end, int cap, CancellationToken cancellationToken)
    {
        var pageSize = Math.Clamp(options.Value.Alerts.SearchPageSize, 1, cap);
        var ids = new List<string>();
        string? webEnv = null, queryKey = null;
        int count;
        do
        {
            var first = ids.Count == 0;
            var step = $"esearch for {start:yyyy-MM-dd}..{end:yyyy-MM-dd}{(first ? "" : $" from hit {ids.Count + 1}")}";
            var response = await AtStepAsync(step, () => eutilities.SearchAsync(search.Query, start, end, ids.Count, pageSize, useHistory: first, search.ApiKey, cancellationToken));
            if (response.Error is { } error)
            {
                var answered = error.Kind == EUtilitiesErrorKind.ServiceError ? "NCBI answered with an error" : "NCBI's answer could not be read";
                throw new EUtilitiesFailure(ApiKeyRedaction.Redact($"{step}: {answered}: {error.Message}", search.ApiKey));
            }

            var result = response.Result!;
            count = result.Count;
            if (count > cap)
            {
                if (start == end)
                    throw new DayOverListLimitException($"esearch found {count} records entered PubMed on {start:yyyy-MM-dd} alone; PubMed lists at most {cap} per search and a single day cannot be split, so narrow the query.");
                return null;
            }

            if (first) (webEnv, queryKey) = (result.WebEnv, result.QueryKey);
            if (result.Ids.Count == 0) break;
            ids.AddRange(result.Ids);
        }
        while (ids.Count < count);

        return new SearchRunPart { Start = start, End = end, WebEnv = webEnv, QueryKey = queryKey, Ids = ids.Distinct().ToList() };
    }

    /// <summary>
    /// Fetches one batch from the history server and imports the records it wanted; PMIDs the
    /// answer lacks (an expired WebEnv answers an error, a changed history other records, a body cut
    /// off mid-record) are then fetched by PMID. Only wanted PMIDs are imported, so a record is never
    /// counted twice. Every wanted PMID ends up imported, reported as a record that cannot be mapped
    /// or that efetch does not serve, or named in the failure returned, with the run counting every
    /// record the batch committed before that (the cursor then stays).
    /// </summary>
    private async Task<(SearchRun Run, Exception? Failure)> FetchBatchAsync(SearchRun run, SearchRunPart part, int sliceLength, IReadOnlyList<string> wanted, string batch, string? apiKey, CancellationToken cancellationToken)
    {
        var pending = wanted.ToHashSet(StringComparer.Ordinal);
        // fetched counts the wanted PMIDs the batch received and settled (saved, duplicate, unmappable,
        // not served): all of them when it ends, those it got through when the run stops in it, so a
        // failed run's fetched matches its new + duplicates + errors (a record naming no PMID aside, an
        // error that settles none). part.Done still moves only on a
        // whole batch, so a resumed run fetches the batch again.
        (SearchRun, Exception?) Ended(SearchRun ended, Exception? failure) => (ended with { Fetched = ended.Fetched + wanted.Count - pending.Count }, failure);
        try
        {
            if (part is { WebEnv: { } webEnv, QueryKey: { } queryKey })
            {
                await using var body = await AtStepAsync($"efetch of {batch} (PMIDs {wanted[0]}..{wanted[^1]}) from the history server",
                    () => eutilities.FetchFromHistoryAsync(webEnv, queryKey, part.Done, sliceLength, apiKey, cancellationToken));
                var fromHistory = await ImportAsync(run, body, pending, cancellationToken);
                // A record PubMed's XML could not be mapped from would fail the same way by PMID, so one
                // naming a wanted PMID is reported here and not asked again. Every PMID still pending
                // (left out of the answer, after a break, or a bad record without a PMID) is asked by
                // id, where each is met once: errors of records without a PMID count from that answer
                // (or from this one when the run stops here).
                var final = pending.Count == 0 || fromHistory.Failure is not null;
                run = WithErrors(fromHistory.Run, final ? fromHistory.Unmappable : [.. fromHistory.Unmappable.Where(u => u.Pmid is not null)], wanted);
                if (fromHistory.Failure is { } failure) return Ended(run, failure);
                if (pending.Count == 0) return Ended(run, null);
            }

            // Asked by PMID twice at most: an answer read to its end that leaves PMIDs out is asked
            // for those once more (a short answer may be of the moment) before it is taken as
            // PubMed's word that it holds no such record.
            for (var request = 1; ; request++)
            {
                var missing = wanted.Where(pending.Contains).ToList();
                await using var byId = await AtStepAsync($"efetch by PMID of {batch} ({Listed(missing)})", () => eutilities.FetchAsync(missing, apiKey, cancellationToken));
                var fromId = await ImportAsync(run, byId, pending, cancellationToken);
                run = WithErrors(fromId.Run, fromId.Unmappable, missing);
                if (fromId.Failure is { } failure) return Ended(run, failure);
                if (pending.Count == 0) return Ended(run, null);
                var unfetched = wanted.Where(pending.Contains).ToList();
                if (fromId.BrokenOff is { } brokenOff)
                {
                    // The answer broke off (<ERROR>, truncated XML): a failure of the moment, so fail the run;
                    // the cursor stays, the next run asks again, and what was committed is recognised by id.
                    return Ended(run, new EUtilitiesFailure(ApiKeyRedaction.Redact(
                        $"efetch by PMID of {batch}: the answer broke off ({brokenOff}), so {Listed(unfetched)} {(unfetched.Count == 1 ? "was" : "were")} not fetched", apiKey)));
                }

                if (request < 2) continue;
                // Twice a whole answer without them: a PMID esearch lists and efetch does not serve (a
                // record withdrawn or not yet released). Failing would stop the living search for good, so
                // each is an error of the run, named, and the run goes on.
                pending.ExceptWith(unfetched);
                return Ended(WithNotServed(run, unfetched), null);
            }
        }
        catch (EUtilitiesFailure failure) when (!cancellationToken.IsCancellationRequested)
        {
            // Records are committed one by one: the history answer imported before a request by PMID
            // failed (after its retries) is in the store, so it stays in the run's counts.
            return Ended(run, failure);
        }
    }

    /// <summary>A record of an answer that could not be mapped, with the PMID it named, if any.</summary>
    private sealed record UnmappableRecord(RecordError Error, string? Pmid);

    /// <summary>What an efetch answer brought: the run with its counts, records that could not be mapped, why it broke off, what stopped it.</summary>
    private sealed record Answer(SearchRun Run, IReadOnlyList<UnmappableRecord> Unmappable, string? BrokenOff, Exception? Failure);

    /// <summary>
    /// Imports the records of an efetch answer whose PMID is still pending (the run's counts grow by
    /// what was committed). A record that cannot be mapped and names a pending PMID settles that PMID;
    /// the caller reports it, with those naming no PMID, and why the answer broke off, if it did. A
    /// failure inside the service (the store refusing a record) stops the answer and is returned with
    /// the counts of the records saved before it, which are in the store.
    /// </summary>
    private async Task<Answer> ImportAsync(SearchRun run, Stream body, HashSet<string> pending, CancellationToken cancellationToken)
    {
        var unmappable = new List<UnmappableRecord>();
        string? brokenOff = null;
        Exception? failure = null;
        int added = 0, duplicates = 0;
        try
        {
            await foreach (var result in new PubMedXmlReader().ReadAsync(body, cancellationToken))
            {
                if (result.Record is not { } record)
                {
                    if (result.EndsInput) brokenOff = result.Error!.Reason;
                    // One naming a PMID the batch does not want (imported before, or met already) is not this run's.
                    else if (result.Pmid is null || pending.Remove(result.Pmid)) unmappable.Add(new UnmappableRecord(result.Error!, result.Pmid));
                    continue;
                }

                if (record.Pmid is not { } pmid || !pending.Contains(pmid)) continue;
                var outcome = await intake.AddAsync(new SourceRecord
                {
                    Id = RecordKeys.ForAlert(run.SearchId, pmid),
                    ProjectId = run.ProjectId, Sequence = 0, Source = Source, ImportId = run.Id, SearchId = run.SearchId,
                    Citation = record, AddedAt = time.GetUtcNow(), Duplicate = false,
                }, run.Id, cancellationToken);
                // Settled once saved: a record the store refused stays pending, and uncounted.
                pending.Remove(pmid);
                if (outcome.Record.Duplicate) duplicates++;
                else added++;
            }
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            failure = exception;
        }

        return new Answer(run with { New = run.New + added, Duplicates = run.Duplicates + duplicates }, unmappable, brokenOff, failure);
    }

    private SearchRun WithErrors(SearchRun run, IReadOnlyList<UnmappableRecord> unmappable, IReadOnlyList<string> asked) =>
        WithErrors(run, [.. unmappable.Select(u => $"efetch of PMIDs {asked[0]}..{asked[^1]}, record {u.Error.RecordIndex} (line {u.Error.Line}){(u.Pmid is null ? "" : $", PMID {u.Pmid}")}: {u.Error.Reason}")]);

    /// <summary>PMIDs that efetch by PMID answered twice, in full, without: each an error of the run, by PMID.</summary>
    private SearchRun WithNotServed(SearchRun run, IReadOnlyList<string> pmids) =>
        WithErrors(run, [.. pmids.Select(pmid => $"PMID {pmid}: esearch lists it but efetch by PMID returned no record, twice (withdrawn from PubMed, or not yet released); not imported")]);

    /// <summary>Counts every error; keeps the text of the first <c>MaxStoredErrors</c> of the run.</summary>
    private SearchRun WithErrors(SearchRun run, IReadOnlyList<string> errors) => errors.Count == 0 ? run : run with
    {
        ErrorCount = run.ErrorCount + errors.Count,
        Errors = [.. run.Errors, .. errors.Take(Math.Max(0, options.Value.MaxStoredErrors - run.Errors.Count))],
    };

    /// <summary>
    /// Ends the run: its final state, the search's cursor (advanced only when the run completed) and
    /// ImportCompleted (also for a failed run that committed records) in one commit. Retried on a
    /// conflict, the search and the run read again at each attempt: another runner (a second
    /// instance's poller resuming the same active run) may have written the run meanwhile. Progress it
    /// saved gives way to this end, so the run does not stay active for a poll to run it again; a run
    /// it already ended stays as it ended it, neither finished nor reported (ImportCompleted) twice.
    /// With <paramref name="pauseReason"/>, an enabled search is disabled and keeps the reason, unless its query changed meanwhile.
    /// </summary>
    private async Task FinishAsync(SavedSearch searchAsRead, SearchRun? run, CancellationToken cancellationToken, string? pauseReason = null)
    {
        var now = time.GetUtcNow();
        for (var attempt = 1; ; attempt++)
        {
            var loaded = await LoadAsync<SavedSearch>(SavedSearch.Collection, searchAsRead.Id, cancellationToken);
            if (loaded is not { } s) return;
            var stored = run is null ? null : await LoadAsync<SearchRun>(SearchRun.Collection, run.Id, cancellationToken);
            if (stored is { Value: { Status: SearchRunStatus.Running, ClaimedBy: { } holder } } && holder != identity.Name)
            {
                // Taken over while this runner was on its last steps: the runner that has it ends it.
                logger.LogInformation("Run {RunId} of search {SearchId} is run by {Runner} now; this runner steps back without ending it.", run!.Id, searchAsRead.Id, holder);
                return;
            }

            if (stored is { Value.Status: not SearchRunStatus.Running } ended)
            {
                // Ended by another writer, which freed the search in the same commit; only a search still
                // pointing at it (left by a version that did not) is freed here, with that end's status;
                // a conflict on that (the search edited meanwhile) reads both again.
                if (s.Value.ActiveRunId == run!.Id
                    && !await CommitAsync(new UnitOfWork().Put(SavedSearch.Collection, s.Value.Id.ToString("N"), s.Value.ProjectId.ToString("N"), s.Value with
                    {
                        ActiveRunId = null, LastRunAt = ended.Value.FinishedAt ?? now, LastRunStatus = ended.Value.Status, NextRunAt = SearchSchedule.NextAfter(now, s.Value.Schedule),
                    }, s.Version), attempt, cancellationToken)) continue;
                return;
            }

            var search = s.Value with
            {
                ActiveRunId = null,
                LastRunAt = now,
                LastRunStatus = run?.Status,
                NextRunAt = SearchSchedule.NextAfter(now, s.Value.Schedule),
            };
            // A search nobody enabled is not paused: run by hand, it stays as it was.
            if (pauseReason is not null && s.Value.Enabled && s.Value.Query == searchAsRead.Query)
                search = search with { Enabled = false, PauseReason = pauseReason };
            var work = new UnitOfWork();
            if (run is not null && run.Status != SearchRunStatus.Running)
            {
                var finished = run with { FinishedAt = now };
                work.Put(SearchRun.Collection, run.Id.ToString("N"), run.SearchId.ToString("N"), finished, stored?.Version ?? 0);
                var completed = run.Status == SearchRunStatus.Completed;
                // A changed query resets the cursor; a run of the old query does not set it again.
                if (completed && s.Value.CompletedThrough == searchAsRead.CompletedThrough && s.Value.Query == searchAsRead.Query)
                    search = search with { CompletedThrough = run.WindowEnd };
                // A paused query that now completes (run by hand once NCBI lists the day in full) no
                // longer fails every run: the pause ends, where it would show a reason the run disproved.
                if (completed && s.Value.PauseReason is not null && s.Value.Query == searchAsRead.Query)
                    search = search with { Enabled = true, PauseReason = null };
                // A failed run reports what it committed too: the next run finds those records already imported.
                if (completed || run.New + run.Duplicates + run.ErrorCount > 0)
                {
                    work.Publish(new ImportCompleted
                    {
                        ProjectId = run.ProjectId, CorrelationId = run.Id, ImportId = run.Id, Source = Source,
                        RecordsRead = run.New + run.Duplicates + run.ErrorCount, RecordsImported = run.New, Duplicates = run.Duplicates, Errors = run.ErrorCount,
                        Failed = !completed,
                    });
                }
            }

            work.Put(SavedSearch.Collection, search.Id.ToString("N"), search.ProjectId.ToString("N"), search, s.Version);
            if (await CommitAsync(work, attempt, cancellationToken)) return;
        }
    }

    /// <summary>One attempt of <see cref="FinishAsync"/>: false on a conflict while attempts remain (5 in all), to read both documents again.</summary>
    private async Task<bool> CommitAsync(UnitOfWork work, int attempt, CancellationToken cancellationToken)
    {
        try
        {
            await store.CommitAsync(work, cancellationToken);
            signal.Notify();
            return true;
        }
        catch (ConcurrencyConflictException) when (attempt < 5)
        {
            return false;
        }
    }

    /// <summary>
    /// Saves the run's progress and renews this runner's claim. A conflict with another runner, which
    /// took the run over or ended it, throws <see cref="RunTakenOverException"/>; any other writer's
    /// (one that does not claim the run) stays a <see cref="ConcurrencyConflictException"/>.
    /// </summary>
    private async Task<long> SaveAsync(SearchRun run, long version, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var claimed = run with { ClaimedBy = identity.Name, ClaimedUntil = time.GetUtcNow() + options.Value.Alerts.RunLease };
            try
            {
                await store.CommitAsync(new UnitOfWork().Put(SearchRun.Collection, run.Id.ToString("N"), run.SearchId.ToString("N"), claimed, version), cancellationToken);
                return version + 1;
            }
            catch (ConcurrencyConflictException)
            {
                var stored = await LoadAsync<SearchRun>(SearchRun.Collection, run.Id, cancellationToken);
                if (stored?.Value is { Status: not SearchRunStatus.Running } ended) throw new RunTakenOverException($"another runner ended it ({ended.Status}).");
                if (stored?.Value.ClaimedBy is { } holder && holder != identity.Name) throw new RunTakenOverException($"{holder} took it over.");
                // Still this runner's and running: the write in between was its own heartbeat, which
                // changed nothing but the lease; the progress is saved over it.
                if (stored is not { } ours || ours.Value.ClaimedBy != identity.Name || attempt == 5) throw;
                version = ours.Version;
            }
        }
    }

    /// <summary>
    /// The heartbeat: while the runner works, its claim is renewed every third of the lease, whether
    /// or not the run makes progress (NCBI slow, a long efetch batch). So the lease can be short: a
    /// runner that died (killed, its container restarted, its machine gone) stops renewing, and
    /// another poll takes the run over within <see cref="AlertOptions.RunLease"/> (2 minutes) instead
    /// of waiting out a lease long enough to cover the slowest batch (15 minutes before). Only the
    /// lease is written, over the run as stored. It stops when the run is no longer this runner's
    /// (taken over, ended): the runner finds that out at its own next save.
    /// </summary>
    private async Task RenewClaimAsync(Guid runId, CancellationToken stop)
    {
        var every = options.Value.Alerts.RunLease / 3;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, time, stop);
                if (!await SetClaimedUntilAsync(runId, time.GetUtcNow() + options.Value.Alerts.RunLease, stop)) return;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (ConcurrencyConflictException)
            {
                // The runner saved meanwhile (which renewed the lease too), or another took the run over: read again next time.
            }
            catch (Exception exception)
            {
                // The store is unavailable for a moment: two more chances before the lease runs out.
                logger.LogWarning(exception, "Renewing the claim on run {RunId} failed; trying again in {Every}.", runId, every);
            }
        }
    }

    private static async Task StopAsync(CancellationTokenSource heartbeatStop, Task heartbeat)
    {
        await heartbeatStop.CancelAsync();
        await heartbeat;
    }

    /// <summary>Gives back this runner's claim on a run still running, so that no lease has to run out; best effort, as on a crash the lease does it.</summary>
    private async Task ReleaseAsync(Guid runId)
    {
        try
        {
            await SetClaimedUntilAsync(runId, null, CancellationToken.None);
        }
        catch (Exception exception)
        {
            logger.LogInformation(exception, "Run {RunId} keeps its claim until the lease runs out: giving it back failed.", runId);
        }
    }

    /// <summary>
    /// Sets until when this runner's claim on the run as stored holds (null gives it back), changing
    /// nothing else; false, writing nothing, when the run has ended or is not this runner's any more.
    /// </summary>
    private async Task<bool> SetClaimedUntilAsync(Guid runId, DateTimeOffset? until, CancellationToken cancellationToken)
    {
        if (await LoadAsync<SearchRun>(SearchRun.Collection, runId, cancellationToken) is not ({ Status: SearchRunStatus.Running } run, var version) || run.ClaimedBy != identity.Name) return false;
        await store.CommitAsync(new UnitOfWork().Put(SearchRun.Collection, run.Id.ToString("N"), run.SearchId.ToString("N"), run with { ClaimedUntil = until }, version), cancellationToken);
        return true;
    }

    private async Task<(T Value, long Version)?> LoadAsync<T>(string collection, Guid id, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(collection, id.ToString("N"), cancellationToken);
        return stored is null ? null : (StoreJson.Read<T>(stored), stored.Version);
    }
}

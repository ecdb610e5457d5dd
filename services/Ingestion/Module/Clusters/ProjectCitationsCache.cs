using System.Collections.Concurrent;
using EvSysReview.Contracts;
using EvSysReview.Ingestion.Records;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.Ingestion.Clusters;

/// <summary>
/// Keeps each project's <see cref="ProjectCitations"/> in memory and serialises work on it. The
/// state is only a cache of the store: it is rebuilt on first use, whenever the project's ledger
/// moved on without it (another instance wrote), and after any failure while it was being changed.
/// </summary>
public sealed class ProjectCitationsCache(ModuleStore<IngestionModule> store, OutboxSignal<IngestionModule> signal)
{
    private readonly ConcurrentDictionary<Guid, Slot> slots = new();

    public async Task<T> WithAsync<T>(Guid projectId, Func<ProjectCitations, Task<T>> action, CancellationToken cancellationToken)
    {
        var slot = slots.GetOrAdd(projectId, _ => new Slot());
        await slot.Lock.WaitAsync(cancellationToken);
        try
        {
            var ledger = await store.GetAsync(IngestionLedger.Collection, projectId.ToString("N"), cancellationToken);
            if (slot.State is null || slot.State.LedgerVersion != (ledger?.Version ?? 0))
            {
                slot.State = null;
                slot.State = await LoadAsync(projectId, ledger, cancellationToken);
            }

            return await action(slot.State);
        }
        catch
        {
            // The in-memory state may hold a change the store refused; rebuild it next time.
            slot.State = null;
            throw;
        }
        finally
        {
            slot.Lock.Release();
        }
    }

    /// <summary>Commits <paramref name="work"/> with the ledger advanced to the state's counts, guarded by its version.</summary>
    public async Task CommitAsync(ProjectCitations state, UnitOfWork work, CancellationToken cancellationToken)
    {
        var id = state.ProjectId.ToString("N");
        work.Put(IngestionLedger.Collection, id, id, new IngestionLedger(state.ProjectId, state.RecordCount, state.DecisionCount), state.LedgerVersion);
        await store.CommitAsync(work, cancellationToken);
        state.LedgerVersion++;
        if (work.Outbox.Count > 0) signal.Notify();
    }

    private async Task<ProjectCitations> LoadAsync(Guid projectId, StoredDocument? ledgerDocument, CancellationToken cancellationToken)
    {
        var state = new ProjectCitations(projectId) { LedgerVersion = ledgerDocument?.Version ?? 0 };
        if (ledgerDocument is null) return state;
        var ledger = StoreJson.Read<IngestionLedger>(ledgerDocument);
        var partition = projectId.ToString("N");
        // Only what the ledger counts: a writer that committed after the ledger was read is seen next time.
        var records = (await store.ListAsync(SourceRecord.Collection, partition, cancellationToken))
            .Select(StoreJson.Read<SourceRecord>).Where(r => r.Sequence < ledger.RecordCount).OrderBy(r => r.Sequence).ToList();
        var decisions = (await store.ListAsync(ClusterDecision.Collection, partition, cancellationToken))
            .Select(StoreJson.Read<ClusterDecision>).Where(d => d.Sequence < ledger.DecisionCount).OrderBy(d => d.Sequence).ToList();
        var next = 0;
        foreach (var record in records)
        {
            while (next < decisions.Count && decisions[next].AfterRecords <= record.Sequence) state.Apply(decisions[next++], Guid.Empty);
            state.Apply(record, Guid.Empty);
        }

        while (next < decisions.Count) state.Apply(decisions[next++], Guid.Empty);
        return state;
    }

    private sealed class Slot
    {
        public SemaphoreSlim Lock { get; } = new(1, 1);

        public ProjectCitations? State { get; set; }
    }
}

/// <summary>What adding one record did: the record as stored, and whether it was already there (a resumed import).</summary>
public sealed record IntakeResult(SourceRecord Record, bool AlreadyPresent);

/// <summary>
/// Adds one source record to its project: deduplicated, stored and its events put in the outbox in
/// one atomic commit. Adding a record id that is already stored changes nothing and returns the
/// stored verdict, which is what makes imports and alert runs resumable without double counting.
/// </summary>
public sealed class CitationIntake(ProjectCitationsCache cache)
{
    public async Task<IntakeResult> AddAsync(SourceRecord draft, Guid correlationId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await cache.WithAsync(draft.ProjectId, async state =>
                {
                    if (state.Find(draft.Id) is { } existing) return new IntakeResult(existing, true);
                    var (stored, events) = state.Apply(draft with { Sequence = state.RecordCount }, correlationId);
                    // UnitOfWork.Publish serialises by the runtime type, so the list's static type does not matter.
                    var work = new UnitOfWork().Put(SourceRecord.Collection, draft.Id.ToString("N"), draft.ProjectId.ToString("N"), stored, 0).PublishAll(events);
                    await cache.CommitAsync(state, work, cancellationToken);
                    return new IntakeResult(stored, false);
                }, cancellationToken);
            }
            catch (ConcurrencyConflictException) when (attempt < 3)
            {
                // Another writer moved the ledger first: the cache rebuilds from the store and we try again.
            }
        }
    }
}

internal static class UnitOfWorkEvents
{
    public static UnitOfWork PublishAll(this UnitOfWork work, IEnumerable<IntegrationEvent> events)
    {
        foreach (var integrationEvent in events) work.Publish(integrationEvent);
        return work;
    }
}

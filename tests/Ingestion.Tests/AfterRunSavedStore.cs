using EvSysReview.Ingestion.Alerts;
using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.Ingestion.Tests;

/// <summary>
/// The real store of a runner under test, with one hook: once the save of its running run with
/// <paramref name="fetched"/> PMIDs fetched (the end of a batch) is committed, <paramref name="then"/>
/// runs before the runner goes on, once. This places another runner's work between two batches.
/// </summary>
public sealed class AfterRunSavedStore(IDocumentStore inner, int fetched, Func<Task> then) : DelegatingDocumentStore(inner)
{
    private int _ran;

    public override async Task<CommitResult> CommitAsync(UnitOfWork work, CancellationToken cancellationToken = default)
    {
        var result = await Inner.CommitAsync(work, cancellationToken);
        var savesTheBatch = work.Writes.All(w => w.Value is SearchRun { Status: SearchRunStatus.Running } run && run.Fetched == fetched);
        if (savesTheBatch && Interlocked.Exchange(ref _ran, 1) == 0) await then();
        return result;
    }
}

using EvSysReview.Ingestion.Alerts;
using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.Ingestion.Tests;

/// <summary>
/// The real store of a runner under test, with one hook: at the first commit that <paramref name="matches"/>,
/// <paramref name="then"/> runs once, before that commit or after it. This places another writer's (or
/// another runner's) work at an exact step of a run, where nothing else in the run awaits.
/// </summary>
public sealed class CommitHookStore(IDocumentStore inner, Func<UnitOfWork, bool> matches, bool afterTheCommit, Func<Task> then) : DelegatingDocumentStore(inner)
{
    private int _ran;

    /// <summary>Just before the commit that ends a run (the run put over an existing version, with the search's put).</summary>
    public static CommitHookStore BeforeARunEnds(IDocumentStore inner, Func<Task> then) => new(inner,
        work => work.Writes.Any(w => w is { Collection: SearchRun.Collection, ExpectedVersion: > 0 }) && work.Writes.Any(w => w.Collection == SavedSearch.Collection),
        afterTheCommit: false, then);

    /// <summary>Once the save of a running run with <paramref name="fetched"/> PMIDs fetched (the end of a batch) is committed, before the runner goes on.</summary>
    public static CommitHookStore AfterABatchIsSaved(IDocumentStore inner, int fetched, Func<Task> then) => new(inner,
        work => work.Writes.All(w => w.Value is SearchRun { Status: SearchRunStatus.Running } run && run.Fetched == fetched),
        afterTheCommit: true, then);

    public override async Task<CommitResult> CommitAsync(UnitOfWork work, CancellationToken cancellationToken = default)
    {
        var hooked = matches(work);
        if (hooked && !afterTheCommit && Interlocked.Exchange(ref _ran, 1) == 0) await then();
        var result = await Inner.CommitAsync(work, cancellationToken);
        if (hooked && afterTheCommit && Interlocked.Exchange(ref _ran, 1) == 0) await then();
        return result;
    }
}

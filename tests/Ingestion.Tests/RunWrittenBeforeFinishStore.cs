using EvSysReview.Ingestion.Alerts;
using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.Ingestion.Tests;

/// <summary>
/// The real store of a runner under test, with one hook: just before the commit that ends a run (a
/// run put over an existing version, with the search's put), another writer's commit goes first, once.
/// Nothing else in a run awaits between reading the run and ending it, so this is the only way to
/// place a concurrent write there.
/// </summary>
public sealed class RunWrittenBeforeFinishStore(IDocumentStore inner, Func<IDocumentStore, Task> otherWriter) : DelegatingDocumentStore(inner)
{
    private int _written;

    public override async Task<CommitResult> CommitAsync(UnitOfWork work, CancellationToken cancellationToken = default)
    {
        var endsARun = work.Writes.Any(w => w is { Collection: SearchRun.Collection, ExpectedVersion: > 0 }) && work.Writes.Any(w => w.Collection == SavedSearch.Collection);
        if (endsARun && Interlocked.Exchange(ref _written, 1) == 0) await otherWriter(Inner);
        return await Inner.CommitAsync(work, cancellationToken);
    }
}

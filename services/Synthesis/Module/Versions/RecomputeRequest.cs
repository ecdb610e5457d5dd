using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.Synthesis.Versions;

/// <summary>
/// "This project's inputs changed": written by a consumer in the same commit as the change, so a
/// crash between the two cannot lose a recomputation. The worker deletes it (at the version it
/// read) in the commit that saves the new synthesis version. Causes name the events, for the
/// version's Cause.
/// </summary>
public sealed record RecomputeRequest(Guid ProjectId, IReadOnlyList<string> Causes, DateTimeOffset FirstRequestedAt, DateTimeOffset LastRequestedAt)
{
    public const string Collection = "recompute-requests";

    /// <summary>All requests share one partition, so the worker finds every pending project in one query.</summary>
    public const string Partition = "pending";

    private const int KeptCauses = 20;

    public static string Key(Guid projectId) => projectId.ToString("N");

    public static async Task AddAsync(IDocumentStore store, UnitOfWork work, Guid projectId, string cause, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(Collection, Key(projectId), cancellationToken);
        var now = DateTimeOffset.UtcNow;
        var request = new RecomputeRequest(projectId, [cause], now, now);
        if (stored is not null)
        {
            var pending = StoreJson.Read<RecomputeRequest>(stored);
            request = pending with { Causes = [.. pending.Causes.Append(cause).TakeLast(KeptCauses)], LastRequestedAt = now };
        }

        work.Put(Collection, Key(projectId), Partition, request, stored?.Version ?? 0);
    }
}

using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.Synthesis.Versions;

/// <summary>
/// "This project's inputs changed": written by a consumer in the same commit as the change, so a
/// crash between the two cannot lose a recomputation. Each change writes a request document of its
/// own (a new id), never one shared per project: a burst of events for one project consumed in
/// parallel would otherwise all rewrite the same document, conflict, and exhaust their retries
/// (events lost to the error queue). The worker gathers a project's requests, and deletes exactly
/// those (at the versions it read) in the commit that saves the new synthesis version; one that
/// arrives meanwhile stays for the next round. Causes name the events, for the version's Cause.
/// </summary>
public sealed record RecomputeRequest(Guid ProjectId, IReadOnlyList<string> Causes, DateTimeOffset FirstRequestedAt, DateTimeOffset LastRequestedAt)
{
    public const string Collection = "recompute-requests";

    /// <summary>All requests share one partition, so the worker finds every pending project in one query.</summary>
    public const string Partition = "pending";

    /// <summary>How many causes a version names (the latest); the rest are counted.</summary>
    public const int KeptCauses = 20;

    public static void Add(UnitOfWork work, Guid projectId, string cause)
    {
        var now = DateTimeOffset.UtcNow;
        work.Put(Collection, $"{projectId:N}:{Guid.NewGuid():N}", Partition, new RecomputeRequest(projectId, [cause], now, now), 0);
    }

    /// <summary>The causes of a project's pending requests, oldest first, at most <see cref="KeptCauses"/>.</summary>
    public static IReadOnlyList<string> CausesOf(IEnumerable<RecomputeRequest> requests) =>
        [.. requests.OrderBy(r => r.FirstRequestedAt).SelectMany(r => r.Causes).TakeLast(KeptCauses)];
}

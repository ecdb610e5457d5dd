using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.Integration.Tests;

/// <summary>
/// A deliberately non-idempotent effect (a counter document) for test consumers behind the real
/// inbox, so a message applied twice would show as one count too many. The platform's own consumers
/// are idempotent by design, which would hide a broken inbox.
/// </summary>
public static class EventCounter
{
    public const string Collection = "test-counters";

    public sealed record Counter(int Count, List<Guid> EventIds);

    public static async Task IncrementAsync(IDocumentStore store, UnitOfWork work, string name, Guid eventId, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(Collection, name, cancellationToken);
        var counter = stored is null ? new Counter(0, []) : StoreJson.Read<Counter>(stored);
        work.Put(Collection, name, "test", new Counter(counter.Count + 1, [.. counter.EventIds, eventId]), stored?.Version ?? 0);
    }

    public static async Task<int> CountAsync(IDocumentStore store, string name)
    {
        var stored = await store.GetAsync(Collection, name);
        return stored is null ? 0 : StoreJson.Read<Counter>(stored).Count;
    }
}

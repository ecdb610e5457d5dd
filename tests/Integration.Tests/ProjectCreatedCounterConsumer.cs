using EvSysReview.Contracts.Reviews;
using EvSysReview.Screening;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.Integration.Tests;

/// <summary>
/// A deliberately non-idempotent effect (a counter) behind the real inbox, so a message applied
/// twice would show as a count of 2. The platform's own consumers are idempotent by design, which
/// would hide a broken inbox.
/// </summary>
public sealed class ProjectCreatedCounterConsumer(ModuleStore<ScreeningModule> store, OutboxSignal<ScreeningModule> signal)
    : IdempotentConsumer<ScreeningModule, ProjectCreated>(store, signal)
{
    public const string Collection = "test-counters";

    public sealed record Counter(int Count, List<Guid> EventIds);

    protected override async Task Apply(ProjectCreated message, UnitOfWork work, CancellationToken cancellationToken)
    {
        var stored = await Store.GetAsync(Collection, "project-created", cancellationToken);
        var counter = stored is null ? new Counter(0, []) : StoreJson.Read<Counter>(stored);
        work.Put(Collection, "project-created", "test", new Counter(counter.Count + 1, [.. counter.EventIds, message.EventId]), stored?.Version ?? 0);
    }

    public static async Task<int> CountAsync(IDocumentStore store)
    {
        var stored = await store.GetAsync(Collection, "project-created");
        return stored is null ? 0 : StoreJson.Read<Counter>(stored).Count;
    }
}

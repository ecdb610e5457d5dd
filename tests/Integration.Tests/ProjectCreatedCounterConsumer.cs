using EvSysReview.Contracts.Reviews;
using EvSysReview.Screening;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.Integration.Tests;

/// <summary>Counts ProjectCreated events applied in the screening host (see <see cref="EventCounter"/>).</summary>
public sealed class ProjectCreatedCounterConsumer(ModuleStore<ScreeningModule> store, OutboxSignal<ScreeningModule> signal)
    : IdempotentConsumer<ScreeningModule, ProjectCreated>(store, signal)
{
    private const string Name = "project-created";

    protected override Task Apply(ProjectCreated message, UnitOfWork work, CancellationToken cancellationToken) =>
        EventCounter.IncrementAsync(Store, work, Name, message.EventId, cancellationToken);

    public static Task<int> CountAsync(IDocumentStore store) => EventCounter.CountAsync(store, Name);
}

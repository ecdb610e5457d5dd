using EvSysReview.Contracts.Reviews;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.ServiceDefaults;

/// <summary>A module's own record that a project exists (from ProjectCreated).</summary>
public sealed record ProjectReference(Guid ProjectId, string Title, string CreatedBy, string? Template, DateTimeOffset CreatedAt)
{
    public const string Collection = "projects";
}

public sealed class ProjectCreatedConsumer<TModule>(ModuleStore<TModule> store, OutboxSignal<TModule> signal)
    : IdempotentConsumer<TModule, ProjectCreated>(store, signal)
    where TModule : IServiceModule
{
    protected override async Task Apply(ProjectCreated message, UnitOfWork work, CancellationToken cancellationToken)
    {
        var id = message.ProjectId.ToString("N");
        var existing = await Store.GetAsync(ProjectReference.Collection, id, cancellationToken);
        if (existing is not null) return;
        work.Put(ProjectReference.Collection, id, id, new ProjectReference(message.ProjectId, message.Title, message.CreatedBy, message.Template, message.OccurredAt), 0);
    }
}

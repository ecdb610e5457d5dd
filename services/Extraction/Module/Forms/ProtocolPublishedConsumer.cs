using EvSysReview.Contracts.Reviews;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.Extraction.Forms;

/// <summary>
/// Keeps the form of the project's latest protocol version; an older version arriving late changes
/// nothing. A protocol's own field list is stored as a form version of its own, kept for ever so
/// entries made with it are always read with it.
/// </summary>
public sealed class ProtocolPublishedConsumer(ModuleStore<ExtractionModule> store, OutboxSignal<ExtractionModule> signal, ExtractionRepository repository)
    : IdempotentConsumer<ExtractionModule, ProtocolPublished>(store, signal)
{
    protected override async Task Apply(ProtocolPublished message, UnitOfWork work, CancellationToken cancellationToken)
    {
        var id = message.ProjectId.ToString("N");
        var stored = await Store.GetAsync(ProjectForm.Collection, id, cancellationToken);
        var current = stored is null ? null : StoreJson.Read<ProjectForm>(stored);
        if (current is not null && current.ProtocolVersion >= message.Version) return;
        var currentProtocolForm = current is { IsProtocolForm: true }
            ? await repository.FindFormAsync(message.ProjectId, current.FormId, current.FormVersion, cancellationToken)
            : null;
        var read = ProtocolFormReader.Read(message.ProjectId, message.Version, message.Protocol, currentProtocolForm, current);
        if (read.NewForm is { } form)
            work.Put(ProjectForm.VersionsCollection, ProjectForm.VersionKey(message.ProjectId, form.Version), id, form, 0);
        work.Put(ProjectForm.Collection, id, id, read.Project, stored?.Version ?? 0);
    }
}

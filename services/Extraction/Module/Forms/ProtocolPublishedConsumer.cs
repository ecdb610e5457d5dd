using EvSysReview.Contracts.Reviews;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.Extraction.Forms;

/// <summary>Keeps the form of the project's latest protocol version; an older version arriving late changes nothing.</summary>
public sealed class ProtocolPublishedConsumer(ModuleStore<ExtractionModule> store, OutboxSignal<ExtractionModule> signal)
    : IdempotentConsumer<ExtractionModule, ProtocolPublished>(store, signal)
{
    protected override async Task Apply(ProtocolPublished message, UnitOfWork work, CancellationToken cancellationToken)
    {
        var id = message.ProjectId.ToString("N");
        var stored = await Store.GetAsync(ProjectForm.Collection, id, cancellationToken);
        if (stored is not null && StoreJson.Read<ProjectForm>(stored).ProtocolVersion >= message.Version) return;
        work.Put(ProjectForm.Collection, id, id, ProtocolFormReader.Read(message.ProjectId, message.Version, message.Protocol), stored?.Version ?? 0);
    }
}

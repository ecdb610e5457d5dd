using EvSysReview.Contracts.Reviews;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.Synthesis.Evidence;

/// <summary>Keeps the newest protocol version's synthesisPlan; a changed plan recomputes every analysis.</summary>
public sealed class ProtocolPublishedConsumer(ModuleStore<SynthesisModule> store, OutboxSignal<SynthesisModule> signal, EvidenceChange evidence)
    : IdempotentConsumer<SynthesisModule, ProtocolPublished>(store, signal)
{
    protected override async Task Apply(ProtocolPublished message, UnitOfWork work, CancellationToken cancellationToken)
    {
        var key = SynthesisPlan.Key(message.ProjectId);
        var stored = await Store.GetAsync(SynthesisPlan.Collection, key, cancellationToken);
        if (stored is not null && StoreJson.Read<SynthesisPlan>(stored).ProtocolVersion >= message.Version) return;
        work.Put(SynthesisPlan.Collection, key, key, SynthesisPlan.Read(message.ProjectId, message.Version, message.Protocol), stored?.Version ?? 0);
        evidence.RequestRecomputation(message, work);
    }
}

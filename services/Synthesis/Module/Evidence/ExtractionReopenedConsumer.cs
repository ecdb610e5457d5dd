using EvSysReview.Contracts.Extraction;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.Synthesis.Evidence;

/// <summary>Reopened for correction or withdrawn: either way the study leaves the analyses until its next ExtractionFinalized.</summary>
public sealed class ExtractionReopenedConsumer(ModuleStore<SynthesisModule> store, OutboxSignal<SynthesisModule> signal, EvidenceChange evidence)
    : IdempotentConsumer<SynthesisModule, ExtractionReopened>(store, signal)
{
    protected override Guid? SerializeOn(ExtractionReopened message) => RecordGate.Key(message.ProjectId, message.StudyId);

    protected override Task Apply(ExtractionReopened message, UnitOfWork work, CancellationToken cancellationToken) =>
        evidence.ApplyAsync(message, message.StudyId, work, study =>
        {
            var order = EvidenceStudy.Order(message.Revision, reopened: true);
            return order <= study.ExtractionOrder ? study : study with { ExtractionOrder = order, Extraction = null };
        }, cancellationToken);
}

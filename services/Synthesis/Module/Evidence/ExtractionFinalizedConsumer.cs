using EvSysReview.Contracts.Extraction;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.Synthesis.Evidence;

/// <summary>A study's consensus extraction; only a higher revision than the one in force replaces it.</summary>
public sealed class ExtractionFinalizedConsumer(ModuleStore<SynthesisModule> store, OutboxSignal<SynthesisModule> signal, EvidenceChange evidence)
    : IdempotentConsumer<SynthesisModule, ExtractionFinalized>(store, signal)
{
    protected override Guid? SerializeOn(ExtractionFinalized message) => RecordGate.Key(message.ProjectId, message.StudyId);

    protected override Task Apply(ExtractionFinalized message, UnitOfWork work, CancellationToken cancellationToken) =>
        evidence.ApplyAsync(message, message.StudyId, work, study =>
        {
            var order = EvidenceStudy.Order(message.Revision, reopened: false);
            return order <= study.ExtractionOrder ? study : study with
            {
                ExtractionOrder = order,
                Extraction = new ExtractedData(message.Revision, message.StudyLabel, message.Year, message.StudyFields, message.Outcomes),
            };
        }, cancellationToken);
}

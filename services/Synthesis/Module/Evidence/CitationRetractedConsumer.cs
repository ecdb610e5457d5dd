using EvSysReview.Contracts.Ingestion;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Storage;
using EvSysReview.Synthesis.Prisma;

namespace EvSysReview.Synthesis.Evidence;

/// <summary>
/// A retracted citation is flagged wherever it is still analysed, and the next version's summary
/// says so. Screening decides whether to exclude it (then StudyExcluded removes it).
/// </summary>
public sealed class CitationRetractedConsumer(ModuleStore<SynthesisModule> store, OutboxSignal<SynthesisModule> signal, EvidenceChange evidence, PrismaRecordChange records)
    : IdempotentConsumer<SynthesisModule, CitationRetracted>(store, signal)
{
    protected override Guid? SerializeOn(CitationRetracted message) => RecordGate.Key(message.ProjectId, message.RecordId);

    protected override async Task Apply(CitationRetracted message, UnitOfWork work, CancellationToken cancellationToken)
    {
        // Kept even for a record not (yet) included, so a retraction that arrives first is not lost;
        // it changes no analysis then, so the recomputation it asks for makes no version.
        await evidence.ApplyAsync(message, message.RecordId, work, study => study with { Retracted = true }, cancellationToken);
        await records.ApplyAsync(message, message.RecordId, work, r => r with { Retracted = true }, cancellationToken);
    }
}

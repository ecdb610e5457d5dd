using EvSysReview.Contracts.Screening;
using EvSysReview.ServiceDefaults.Citations;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Storage;
using EvSysReview.Synthesis.Prisma;

namespace EvSysReview.Synthesis.Evidence;

/// <summary>
/// A study is included (StudyId is the citation's RecordId): it enters the analyses once its
/// extraction is final, and PRISMA counts it as included. Inclusion events carry no revision,
/// so the later OccurredAt of StudyIncluded/StudyExcluded wins.
/// </summary>
public sealed class StudyIncludedConsumer(ModuleStore<SynthesisModule> store, OutboxSignal<SynthesisModule> signal, EvidenceChange evidence, PrismaRecordChange records)
    : IdempotentConsumer<SynthesisModule, StudyIncluded>(store, signal)
{
    protected override Guid? SerializeOn(StudyIncluded message) => RecordGate.Key(message.ProjectId, message.StudyId);

    protected override async Task Apply(StudyIncluded message, UnitOfWork work, CancellationToken cancellationToken)
    {
        await evidence.ApplyAsync(message, message.StudyId, work, study =>
        {
            var labelled = study with
            {
                CitationLabel = StudyLabel.Of(message.Citation, message.StudyId),
                CitationYear = message.Citation.Year,
                Retracted = study.Retracted || message.Citation.Retracted,
            };
            return study.InclusionChangedAt >= message.OccurredAt ? labelled : labelled with { Included = true, InclusionChangedAt = message.OccurredAt };
        }, cancellationToken);
        await records.ApplyAsync(message, message.StudyId, work, r =>
            r.InclusionChangedAt >= message.OccurredAt ? r : r with { Included = true, InclusionChangedAt = message.OccurredAt, FullTextFinal = "include", ExclusionReason = null }, cancellationToken);
    }
}

using EvSysReview.Contracts.Screening;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Storage;
using EvSysReview.Synthesis.Prisma;

namespace EvSysReview.Synthesis.Evidence;

/// <summary>
/// A final exclusion. For PRISMA: by automation (removed before screening), at title/abstract, or
/// at full text with its reason. A study excluded after inclusion (WasIncluded, e.g. a retraction)
/// leaves the analyses and counts as a full-text exclusion with that reason.
/// </summary>
public sealed class StudyExcludedConsumer(ModuleStore<SynthesisModule> store, OutboxSignal<SynthesisModule> signal, EvidenceChange evidence, PrismaRecordChange records)
    : IdempotentConsumer<SynthesisModule, StudyExcluded>(store, signal)
{
    protected override Guid? SerializeOn(StudyExcluded message) => RecordGate.Key(message.ProjectId, message.StudyId);

    protected override async Task Apply(StudyExcluded message, UnitOfWork work, CancellationToken cancellationToken)
    {
        if (message.WasIncluded)
        {
            await evidence.ApplyAsync(message, message.StudyId, work, study =>
                study.InclusionChangedAt >= message.OccurredAt ? study : study with { Included = false, InclusionChangedAt = message.OccurredAt }, cancellationToken);
        }

        await records.ApplyAsync(message, message.StudyId, work, r =>
        {
            if (message.ByAutomation) return r with { IneligibleByAutomation = true };
            if (r.InclusionChangedAt >= message.OccurredAt) return r;
            var excluded = r with { Included = false, InclusionChangedAt = message.OccurredAt };
            return message.Stage == PrismaRecord.TitleAbstract && !message.WasIncluded
                ? excluded with { TitleAbstractFinal = "exclude" }
                : excluded with { FullTextFinal = "exclude", ExclusionReason = message.Reason };
        }, cancellationToken);
    }
}

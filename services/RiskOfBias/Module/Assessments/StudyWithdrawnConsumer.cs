using EvSysReview.Contracts.Screening;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.RiskOfBias.Assessments;

/// <summary>
/// A study excluded after it was included withdraws its task. If an assessment had been published, a
/// RiskOfBiasReopened with Withdrawn = true tells the synthesis to drop it. A withdrawal of a study
/// this service has not seen yet leaves a withdrawn marker, so a StudyIncluded that happened earlier
/// but arrives later does not resurrect it; a second withdrawal moves the marker's time on for the
/// same reason. (Exclusions of records never included are StudyExcluded
/// alone and do not come here.)
/// </summary>
public sealed class StudyWithdrawnConsumer(ModuleStore<RiskOfBiasModule> store, OutboxSignal<RiskOfBiasModule> signal)
    : IdempotentConsumer<RiskOfBiasModule, StudyWithdrawn>(store, signal)
{
    protected override async Task Apply(StudyWithdrawn message, UnitOfWork work, CancellationToken cancellationToken)
    {
        var partition = message.ProjectId.ToString("N");
        var key = StudyAssessment.Key(message.ProjectId, message.StudyId);
        var stored = await Store.GetAsync(StudyAssessment.Collection, key, cancellationToken);
        if (stored is null)
        {
            work.Put(StudyAssessment.Collection, key, partition, new StudyAssessment
            {
                ProjectId = message.ProjectId,
                StudyId = message.StudyId,
                StudyLabel = message.StudyId.ToString(),
                StudyDesign = "unknown",
                Withdrawn = true,
                WithdrawnReason = message.Reason,
                InclusionChangedAt = message.OccurredAt,
            }, 0);
            return;
        }

        var task = StoreJson.Read<StudyAssessment>(stored);
        if (message.OccurredAt < task.InclusionChangedAt) return;
        // An already withdrawn task is written too (Withdraw publishes nothing for it): its newer
        // InclusionChangedAt keeps an older StudyIncluded, arriving late on its own queue, from restoring it.
        var (next, withdrawn) = task.Withdraw(message.Reason, message.OccurredAt, message.CorrelationId);
        work.Put(StudyAssessment.Collection, key, partition, next, stored.Version);
        if (withdrawn is not null) work.Publish(withdrawn);
    }
}

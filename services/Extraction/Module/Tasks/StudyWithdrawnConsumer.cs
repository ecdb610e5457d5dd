using EvSysReview.Contracts.Extraction;
using EvSysReview.Contracts.Screening;
using EvSysReview.Extraction.Core.Lifecycle;
using EvSysReview.Extraction.Finalisation;
using EvSysReview.Extraction.History;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.Extraction.Tasks;

/// <summary>
/// A study excluded after it was included (a retraction) withdraws its extraction task. If it had
/// ever been finalised the synthesis holds (or held) its data, so ExtractionReopened with
/// Withdrawn = true tells it to drop the study for good. A withdrawal older than the study's latest
/// inclusion is ignored; one newer than the exclusion of an already withdrawn task moves its
/// exclusion time on, so an older inclusion arriving after it cannot reinstate the task. (Exclusions of records never included are StudyExcluded alone and do not
/// come here.)
/// </summary>
public sealed class StudyWithdrawnConsumer(ModuleStore<ExtractionModule> store, OutboxSignal<ExtractionModule> signal, ExtractionRepository repository)
    : IdempotentConsumer<ExtractionModule, StudyWithdrawn>(store, signal)
{
    protected override async Task Apply(StudyWithdrawn message, UnitOfWork work, CancellationToken cancellationToken)
    {
        var stored = await repository.TaskAsync(message.ProjectId, message.StudyId, cancellationToken);
        if (stored is null)
        {
            // The withdrawal overtook the inclusion: keep a withdrawn task so the late StudyIncluded does not open one.
            var form = await repository.FormAsync(message.ProjectId, cancellationToken);
            var tombstone = new StudyTask
            {
                ProjectId = message.ProjectId,
                StudyId = message.StudyId,
                StudyLabel = $"Study {message.StudyId.ToString("N")[..8]}",
                Lifecycle = ExtractionTask.Create(message.StudyId.ToString(), form.Mode) with { Status = ExtractionStatus.Withdrawn, Reason = message.Reason },
                ExcludedAt = message.OccurredAt,
            };
            ExtractionRepository.PutTask(work, tombstone, 0);
            TaskHistory.Add(work, message.ProjectId, new HistoryRecord(message.StudyId, HistoryRecord.TaskSubject, "withdrawn", "system", message.OccurredAt,
                [new("status", null, TaskHistory.Name(ExtractionStatus.Withdrawn))], message.Reason));
            return;
        }

        var task = stored.Value;
        // A withdrawal older than the study's latest inclusion was overtaken by that inclusion (included again).
        if (task.IncludedAt is { } includedAt && message.OccurredAt < includedAt) return;
        var transition = ExtractionLifecycle.Apply(task.Lifecycle, new WithdrawExtraction("system", message.Reason));
        if (!transition.IsAllowed)
        {
            // Already withdrawn: the later exclusion time is still kept, so an inclusion older than it
            // (arriving late on its own queue) cannot reinstate the task.
            if (task.Status == ExtractionStatus.Withdrawn && (task.ExcludedAt is not { } excludedAt || message.OccurredAt > excludedAt))
                ExtractionRepository.PutTask(work, task with { ExcludedAt = message.OccurredAt }, stored.Version);
            return;
        }

        var withdrawn = task with { Lifecycle = transition.Task, ExcludedAt = message.OccurredAt };
        ExtractionRepository.PutTask(work, withdrawn, stored.Version);
        TaskHistory.Add(work, message.ProjectId, TaskHistory.Step(task, withdrawn, "withdrawn", "system", message.OccurredAt, message.Reason));
        if (task.Lifecycle.TimesFinalised == 0) return;
        work.Delete(FinalisedStudy.Collection, StudyTask.Key(task.ProjectId, task.StudyId), task.ProjectId.ToString("N"), null);
        work.Publish(new ExtractionReopened
        {
            ProjectId = message.ProjectId,
            StudyId = message.StudyId,
            Revision = task.Lifecycle.TimesFinalised,
            Reason = message.Reason,
            Withdrawn = true,
            CorrelationId = message.CorrelationId,
        });
    }
}

using EvSysReview.Contracts.Screening;
using EvSysReview.Extraction.Core.Lifecycle;
using EvSysReview.Extraction.History;
using EvSysReview.ServiceDefaults.Citations;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.Extraction.Tasks;

/// <summary>
/// An included study gets its extraction task, in the mode the project's protocol asks for. A
/// redelivery or a second inclusion of the same study changes nothing. Inclusion and exclusion
/// carry no revision, so their order is their OccurredAt: an inclusion that happened after the
/// study's exclusion (included again) reinstates the withdrawn task where it stood (a finalised one
/// as reopened), while an inclusion that happened before it (the exclusion overtook it on the
/// bus) leaves the task withdrawn.
/// </summary>
public sealed class StudyIncludedConsumer(ModuleStore<ExtractionModule> store, OutboxSignal<ExtractionModule> signal, ExtractionRepository repository)
    : IdempotentConsumer<ExtractionModule, StudyIncluded>(store, signal)
{
    protected override async Task Apply(StudyIncluded message, UnitOfWork work, CancellationToken cancellationToken)
    {
        if (await repository.TaskAsync(message.ProjectId, message.StudyId, cancellationToken) is { } existing)
        {
            var known = existing.Value;
            if (known.Status == ExtractionStatus.Withdrawn && known.ExcludedAt is { } excludedAt && message.OccurredAt > excludedAt)
            {
                var transition = ExtractionLifecycle.Apply(known.Lifecycle, new ReinstateExtraction("system", "included again"));
                var reinstated = WithCitation(known, message) with { Lifecycle = transition.Task };
                ExtractionRepository.PutTask(work, reinstated, existing.Version);
                TaskHistory.Add(work, message.ProjectId, TaskHistory.Step(known, reinstated, "reinstated", "system", message.OccurredAt, "included again"));
            }
            else if (known.IncludedAt is not { } includedAt || message.OccurredAt > includedAt)
            {
                // Keeps the latest inclusion time, so an exclusion older than it is recognised as stale.
                ExtractionRepository.PutTask(work, WithCitation(known, message), existing.Version);
            }

            return;
        }

        var form = await repository.FormAsync(message.ProjectId, cancellationToken);
        var task = WithCitation(new StudyTask
        {
            ProjectId = message.ProjectId,
            StudyId = message.StudyId,
            StudyLabel = "",
            Lifecycle = ExtractionTask.Create(message.StudyId.ToString(), form.Mode),
        }, message);
        ExtractionRepository.PutTask(work, task, 0);
        TaskHistory.Add(work, message.ProjectId, TaskHistory.Created(task, message.OccurredAt));
    }

    private static StudyTask WithCitation(StudyTask task, StudyIncluded message) => task with
    {
        StudyLabel = StudyLabel.Of(message.Citation, message.StudyId),
        Year = message.Citation.Year,
        Title = message.Citation.Title,
        IncludedAt = message.OccurredAt,
    };
}

using EvSysReview.Contracts.Screening;
using EvSysReview.Extraction.Core.Lifecycle;
using EvSysReview.Extraction.History;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.Extraction.Tasks;

/// <summary>
/// An included study gets its extraction task, in the mode the project's protocol asks for. A
/// redelivery or a second inclusion of the same study changes nothing; a study whose exclusion
/// (a retraction) arrived first stays withdrawn.
/// </summary>
public sealed class StudyIncludedConsumer(ModuleStore<ExtractionModule> store, OutboxSignal<ExtractionModule> signal, ExtractionRepository repository)
    : IdempotentConsumer<ExtractionModule, StudyIncluded>(store, signal)
{
    protected override async Task Apply(StudyIncluded message, UnitOfWork work, CancellationToken cancellationToken)
    {
        if (await repository.TaskAsync(message.ProjectId, message.StudyId, cancellationToken) is { } existing)
        {
            if (existing.Value.IncludedAt is null)
                ExtractionRepository.PutTask(work, WithCitation(existing.Value, message), existing.Version);
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

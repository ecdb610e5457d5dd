using EvSysReview.Extraction.Core.Lifecycle;
using EvSysReview.Extraction.History;

namespace EvSysReview.Extraction.Tasks;

/// <summary>
/// A task as one member sees it. Shows who extracts and how far each is, never what anyone
/// entered: the entries themselves stay behind .../entries/me until every extraction is submitted.
/// </summary>
public sealed record TaskView(
    Guid StudyId,
    string StudyLabel,
    int? Year,
    string? Title,
    string Status,
    ExtractionMode Mode,
    IReadOnlyList<string> Extractors,
    int Submitted,
    int RequiredExtractions,
    int Revision,
    bool AssignedToMe,
    bool SubmittedByMe,
    bool OpenToMe,
    string? Reason)
{
    public static TaskView Of(StudyTask task, string username)
    {
        var lifecycle = task.Lifecycle;
        var open = task.Status is ExtractionStatus.TaskCreated or ExtractionStatus.InProgress
            && !lifecycle.Extractors.Contains(username)
            && lifecycle.Extractors.Count < lifecycle.RequiredExtractions;
        return new(task.StudyId, task.StudyLabel, task.Year, task.Title, TaskHistory.Name(task.Status), lifecycle.Mode,
            lifecycle.Extractors, lifecycle.Submitted.Count, lifecycle.RequiredExtractions, lifecycle.TimesFinalised,
            lifecycle.Extractors.Contains(username), lifecycle.Submitted.Contains(username), open, lifecycle.Reason);
    }
}

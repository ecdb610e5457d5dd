using EvSysReview.Extraction.Core.Forms;
using EvSysReview.Extraction.Core.Outcomes;
using EvSysReview.Extraction.Core.Validation;
using EvSysReview.Extraction.History;
using EvSysReview.Extraction.Tasks;

namespace EvSysReview.Extraction.Entries;

/// <summary>
/// An entry as the API returns it: the entry itself (send it back as the next PUT body), where the
/// task stands, what still stops it from being submitted (checked against the entry's own form
/// version), and each field's presence seen through the project's current form version
/// (<see cref="FieldStatusFormVersion"/>): a field a later version added shows as missing, an
/// answer to a field it dropped as notInThisFormVersion; the entry itself is never changed.
/// </summary>
public sealed record EntryView(
    string StudyId,
    string FormId,
    int FormVersion,
    string? ExtractorId,
    IReadOnlyDictionary<string, FieldValue> Fields,
    IReadOnlyList<ArmDefinition> Arms,
    IReadOnlyList<ComparisonDefinition> Comparisons,
    IReadOnlyList<OutcomeRow> Outcomes,
    string TaskStatus,
    bool Submitted,
    IReadOnlyList<ValidationError> SubmissionErrors,
    int FieldStatusFormVersion,
    IReadOnlyList<EntryFieldStatus> FieldStatus)
{
    public static async Task<EntryView> OfAsync(ExtractionRepository repository, Guid projectId, ExtractionEntry entry, StudyTask task, bool submitted, CancellationToken cancellationToken)
    {
        var own = await repository.FormOfAsync(projectId, entry, cancellationToken);
        var project = await repository.FormAsync(projectId, cancellationToken);
        var shown = project.FormId == entry.FormId && project.FormVersion != entry.FormVersion
            ? await repository.FindFormAsync(projectId, project.FormId, project.FormVersion, cancellationToken) ?? own
            : own;
        var errors = ExtractionEntryValidator.Validate(own, entry, ValidationStage.Submission);
        var status = EntryFormView.Show(shown, entry).Select(v => new EntryFieldStatus(v.Key, v.Label, v.Presence)).ToList();
        return new(entry.StudyId, entry.FormId, entry.FormVersion, entry.ExtractorId, entry.Fields, entry.Arms, entry.Comparisons, entry.Outcomes,
            TaskHistory.Name(task.Status), submitted, errors, shown.Version, status);
    }
}

/// <summary>One field of the form version shown: answered, missing, or answered but not in this version.</summary>
public sealed record EntryFieldStatus(string Key, string Label, FieldPresence Presence);

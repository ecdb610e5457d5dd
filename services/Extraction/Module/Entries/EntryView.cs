using EvSysReview.Extraction.Core.Forms;
using EvSysReview.Extraction.Core.Outcomes;
using EvSysReview.Extraction.Core.Validation;
using EvSysReview.Extraction.History;
using EvSysReview.Extraction.Tasks;

namespace EvSysReview.Extraction.Entries;

/// <summary>
/// An entry as the API returns it: the entry itself (send it back as the next PUT body), where the
/// task stands, and what still stops it from being submitted.
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
    IReadOnlyList<ValidationError> SubmissionErrors)
{
    public static EntryView Of(ExtractionEntry entry, StudyTask task, bool submitted)
    {
        var form = ExtractionFormCatalog.BuiltIn.Find(entry.FormId, entry.FormVersion);
        var errors = form is null ? [] : ExtractionEntryValidator.Validate(form, entry, ValidationStage.Submission);
        return new(entry.StudyId, entry.FormId, entry.FormVersion, entry.ExtractorId, entry.Fields, entry.Arms, entry.Comparisons, entry.Outcomes,
            TaskHistory.Name(task.Status), submitted, errors);
    }
}

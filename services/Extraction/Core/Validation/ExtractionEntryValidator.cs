using EvSysReview.Extraction.Core.Forms;
using EvSysReview.Extraction.Core.Outcomes;

namespace EvSysReview.Extraction.Core.Validation;

/// <summary>
/// Validates an entry against the form version it was made with. Returns every problem at once,
/// each naming the field path and the reason; an empty list means the entry is valid.
/// </summary>
public static class ExtractionEntryValidator
{
    public static IReadOnlyList<ValidationError> Validate(ExtractionForm form, ExtractionEntry entry, ValidationStage stage)
    {
        var errors = new List<ValidationError>();
        if (entry.FormId != form.FormId || entry.FormVersion != form.Version)
        {
            // Checking against another version would report fields added or removed since as errors.
            errors.Add(new("formVersion", ValidationCodes.FormMismatch,
                $"The entry was made with {entry.FormId} version {entry.FormVersion}; validate it against that version, not {form.FormId} version {form.Version}."));
            return errors;
        }

        StudyFieldValidator.Validate(form, entry.Fields, stage, errors);
        StudyDesignValidator.Validate(entry, stage, errors);
        OutcomeRowValidator.Validate(form, entry, stage, errors);
        return errors;
    }
}

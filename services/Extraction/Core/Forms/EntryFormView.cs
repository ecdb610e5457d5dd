using EvSysReview.Extraction.Core.Outcomes;
using EvSysReview.Extraction.Core.Validation;

namespace EvSysReview.Extraction.Core.Forms;

public enum FieldPresence
{
    Answered,

    /// <summary>The form has the field; the entry has no answer (e.g. added in a later form version).</summary>
    Missing,

    /// <summary>The entry has an answer to a field this form version no longer (or does not yet) have: kept, shown apart.</summary>
    NotInThisFormVersion,
}

public sealed record EntryFieldView(string Key, string Label, FieldPresence Presence, FieldValue? Value);

/// <summary>
/// Shows an entry through any version of its form without changing it: the entry's answers stay as
/// made, fields the form added show as missing, fields it removed show as not in this form version.
/// </summary>
public static class EntryFormView
{
    public static IReadOnlyList<EntryFieldView> Show(ExtractionForm form, ExtractionEntry entry)
    {
        if (entry.FormId != form.FormId)
            throw new ArgumentException($"The entry was made with form {entry.FormId}, not {form.FormId}.", nameof(form));

        var views = form.StudyFields.Select(field =>
        {
            entry.Fields.TryGetValue(field.Key, out var value);
            var answered = value is not null && StudyFieldValidator.IsAnswered(field, value);
            return new EntryFieldView(field.Key, field.Label, answered ? FieldPresence.Answered : FieldPresence.Missing, value);
        });
        var removed = entry.Fields
            .Where(f => form.FindStudyField(f.Key) is null)
            .OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => new EntryFieldView(f.Key, f.Key, FieldPresence.NotInThisFormVersion, f.Value));
        return [.. views, .. removed];
    }
}

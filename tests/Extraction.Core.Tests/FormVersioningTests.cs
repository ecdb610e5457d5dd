using EvSysReview.Extraction.Core.Forms;
using EvSysReview.Extraction.Core.Validation;

namespace EvSysReview.Extraction.Core.Tests;

public sealed class FormVersioningTests
{
    // Version 2 drops "passage" and adds a required "evStorage" field.
    private static readonly ExtractionForm Version2 = MscEvExtractionForm.Version1 with
    {
        Version = 2,
        StudyFields =
        [
            .. MscEvExtractionForm.Version1.StudyFields.Where(f => f.Key != "passage"),
            new FieldDefinition { Key = "evStorage", Label = "EV storage temperature", Type = FieldType.Text, Required = true },
        ],
    };

    [Fact]
    public void Old_entry_seen_through_a_new_version_shows_missing_and_removed_fields()
    {
        var entry = SampleEntries.Complete();

        var view = EntryFormView.Show(Version2, entry);

        var storage = Assert.Single(view, v => v.Key == "evStorage");
        Assert.Equal(FieldPresence.Missing, storage.Presence);
        var passage = Assert.Single(view, v => v.Key == "passage");
        Assert.Equal(FieldPresence.NotInThisFormVersion, passage.Presence);
        Assert.Equal("P3–P5", passage.Value!.Text);
        Assert.Equal(FieldPresence.Answered, view.Single(v => v.Key == "route").Presence);
        // Unanswered optional fields of the entry's own version show as missing too.
        Assert.Equal(FieldPresence.Missing, view.Single(v => v.Key == "engineeringCargo").Presence);
    }

    [Fact]
    public void Old_entry_stays_valid_against_the_version_it_was_made_with()
    {
        var entry = SampleEntries.Complete();
        var catalog = new ExtractionFormCatalog([MscEvExtractionForm.Version1, Version2]);

        var ownForm = catalog.Find(entry.FormId, entry.FormVersion)!;

        Assert.Empty(ExtractionEntryValidator.Validate(ownForm, entry, ValidationStage.Submission));
    }

    [Fact]
    public void New_entry_on_the_new_version_must_answer_the_new_field_and_not_the_removed_one()
    {
        var entry = SampleEntries.Complete() with { FormVersion = 2 };

        var errors = ExtractionEntryValidator.Validate(Version2, entry, ValidationStage.Submission);

        Assert.Equal(
            [("fields.evStorage", ValidationCodes.Required), ("fields.passage", ValidationCodes.UnknownField)],
            errors.Select(e => (e.Path, e.Code)).Order());
    }
}

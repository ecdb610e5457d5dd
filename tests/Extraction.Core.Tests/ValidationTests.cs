using EvSysReview.Extraction.Core.Forms;
using EvSysReview.Extraction.Core.Outcomes;
using EvSysReview.Extraction.Core.Validation;

namespace EvSysReview.Extraction.Core.Tests;

public sealed class ValidationTests
{
    private static IReadOnlyList<ValidationError> Submit(ExtractionEntry entry) =>
        ExtractionEntryValidator.Validate(SampleEntries.Form, entry, ValidationStage.Submission);

    private static ValidationError Single(IReadOnlyList<ValidationError> errors)
    {
        Assert.Single(errors);
        return errors[0];
    }

    [Fact]
    public void A_complete_entry_is_valid()
    {
        Assert.Empty(Submit(SampleEntries.Complete()));
    }

    [Fact]
    public void Negative_sd_names_the_arm_path()
    {
        var entry = SampleEntries.Complete().WithArm(0, 1, a => a with { Sd = -1 });

        var error = Single(Submit(entry));

        Assert.Equal("outcomes[0].arms[1].sd", error.Path);
        Assert.Equal(ValidationCodes.Range, error.Code);
        Assert.Equal("SD must not be negative.", error.Reason);
    }

    [Fact]
    public void Negative_se_and_zero_n_are_range_errors()
    {
        var entry = SampleEntries.Complete().WithArm(0, 0, a => a with { Se = -0.5, N = 0 });

        var errors = Submit(entry);

        Assert.Equal(["outcomes[0].arms[0].n", "outcomes[0].arms[0].se"], errors.Select(e => e.Path).Order());
        Assert.All(errors, e => Assert.Equal(ValidationCodes.Range, e.Code));
    }

    [Fact]
    public void Events_above_total_are_refused()
    {
        var entry = SampleEntries.Complete().WithArm(1, 2, a => a with { Events = 13 });

        var error = Single(Submit(entry));

        Assert.Equal("outcomes[1].arms[2].events", error.Path);
        Assert.Equal("Events (13) must not exceed the total n (12).", error.Reason);
    }

    [Fact]
    public void Missing_numbers_of_the_reported_summary_are_required_on_submission_only()
    {
        var entry = SampleEntries.Complete().WithArm(0, 2, a => a with { Q3 = null });

        var error = Single(Submit(entry));
        Assert.Equal(("outcomes[0].arms[2].q3", ValidationCodes.Required), (error.Path, error.Code));
        Assert.Empty(ExtractionEntryValidator.Validate(SampleEntries.Form, entry, ValidationStage.Draft));
    }

    [Fact]
    public void Quartiles_out_of_order_are_refused()
    {
        var entry = SampleEntries.Complete().WithArm(0, 2, a => a with { Q1 = 40 });

        var error = Single(Submit(entry));

        Assert.Equal("outcomes[0].arms[2].median", error.Path);
        Assert.Equal("median must not be below q1.", error.Reason);
    }

    [Fact]
    public void Required_study_field_missing_is_named()
    {
        var entry = SampleEntries.Complete().WithField("route", null);

        var error = Single(Submit(entry));

        Assert.Equal(("fields.route", ValidationCodes.Required), (error.Path, error.Code));
    }

    [Fact]
    public void Not_reported_answers_a_required_field()
    {
        var entry = SampleEntries.Complete().WithField("route", new FieldValue { NotReported = true });

        Assert.Empty(Submit(entry));
    }

    [Fact]
    public void Unit_not_allowed_for_a_field_is_named()
    {
        var entry = SampleEntries.Complete().WithField("doseProtein", new FieldValue { Number = 100, Unit = "mL" });

        var error = Single(Submit(entry));

        Assert.Equal(("fields.doseProtein.unit", ValidationCodes.Unit), (error.Path, error.Code));
        Assert.Equal("'mL' is not a unit of Dose (protein) (µg, mg, µg/kg, mg/kg).", error.Reason);
    }

    [Fact]
    public void Repeated_number_values_are_checked_one_by_one()
    {
        var entry = SampleEntries.Complete().WithField("followUpTimePoints",
            new FieldValue { Values = [new Quantity(7, "d"), new Quantity(-1, "wk"), new Quantity(3, "years")] });

        var errors = Submit(entry);

        Assert.Equal(
            [("fields.followUpTimePoints.values[1].value", ValidationCodes.Range), ("fields.followUpTimePoints.values[2].unit", ValidationCodes.Unit)],
            errors.Select(e => (e.Path, e.Code)));
    }

    [Fact]
    public void Choice_outside_the_options_and_other_without_text_are_refused()
    {
        var entry = SampleEntries.Complete()
            .WithField("route", new FieldValue { Choice = "oral" })
            .WithField("mscSource", new FieldValue { Choice = "other" })
            .WithField("misevCharacterisation", new FieldValue { Checked = ["cd9", "westernBlotOnly"] });

        var errors = Submit(entry);

        Assert.Equal(
            [
                ("fields.misevCharacterisation.checked[1]", ValidationCodes.NotAnOption),
                ("fields.mscSource.otherText", ValidationCodes.Required),
                ("fields.route.choice", ValidationCodes.NotAnOption),
            ],
            errors.Select(e => (e.Path, e.Code)).Order());
    }

    [Fact]
    public void Integer_field_refuses_fractions_and_unitless_field_refuses_a_unit()
    {
        var entry = SampleEntries.Complete().WithField("nPerGroup", new FieldValue { Number = 8.5, Unit = "mice" });

        Assert.Equal(
            [("fields.nPerGroup.number", ValidationCodes.Integer), ("fields.nPerGroup.unit", ValidationCodes.Unit)],
            Submit(entry).Select(e => (e.Path, e.Code)).Order());
    }

    [Fact]
    public void Unknown_field_is_reported()
    {
        var entry = SampleEntries.Complete().WithField("dosage", new FieldValue { Text = "a lot" });

        Assert.Equal(("fields.dosage", ValidationCodes.UnknownField), (Single(Submit(entry)).Path, Single(Submit(entry)).Code));
    }

    [Fact]
    public void Outcome_unit_time_unit_and_arm_references_are_checked()
    {
        var entry = SampleEntries.Complete()
            .WithRow(0, r => r with { Unit = "min", TimePoint = new Quantity(4, "weeks") })
            .WithArm(1, 0, a => a with { ArmId = "saline" });

        var errors = Submit(entry);

        Assert.Equal(
            [
                ("outcomes[0].timePoint.unit", ValidationCodes.Unit),
                ("outcomes[0].unit", ValidationCodes.Unit),
                ("outcomes[1].arms[0].armId", ValidationCodes.Reference),
            ],
            errors.Where(e => e.Code != ValidationCodes.Inconsistent).Select(e => (e.Path, e.Code)).Order());
        // With the control renamed, only high-vs-… and low-vs-… lose their control: no comparison has data.
        Assert.Contains(errors, e => e.Path == "outcomes[1].arms" && e.Code == ValidationCodes.Inconsistent);
    }

    [Fact]
    public void Other_outcome_needs_a_direction()
    {
        var entry = SampleEntries.Complete().WithRow(0, r => r with { Outcome = "Barnes maze errors" });

        var error = Single(Submit(entry));

        Assert.Equal(("outcomes[0].direction", ValidationCodes.Required), (error.Path, error.Code));
        Assert.Empty(Submit(entry.WithRow(0, r => r with { Direction = OutcomeDirection.HigherIsWorse })));
    }

    [Fact]
    public void Two_rows_for_the_same_outcome_and_time_point_are_a_duplicate()
    {
        var entry = SampleEntries.Complete();
        entry = entry with { Outcomes = [.. entry.Outcomes, entry.Outcomes[0]] };

        var error = Single(Submit(entry));

        Assert.Equal(("outcomes[2]", ValidationCodes.Duplicate), (error.Path, error.Code));
    }

    [Fact]
    public void Comparison_must_name_existing_and_different_arms()
    {
        var entry = SampleEntries.Complete() with
        {
            Comparisons =
            [
                new() { Id = "low-vs-pbs", TreatmentArmId = "low", ControlArmId = "pbs" },
                new() { Id = "x", TreatmentArmId = "high", ControlArmId = "high" },
                new() { Id = "y", TreatmentArmId = "mscs", ControlArmId = "pbs" },
            ],
        };

        Assert.Equal(
            [("comparisons[1].controlArmId", ValidationCodes.Inconsistent), ("comparisons[2].treatmentArmId", ValidationCodes.Reference)],
            Submit(entry).Select(e => (e.Path, e.Code)).Order());
    }

    [Fact]
    public void Dichotomous_outcome_refuses_continuous_data()
    {
        var entry = SampleEntries.Complete().WithArm(1, 0, a => a with { Reported = ReportedSummary.MeanSd, Mean = 1, Sd = 1 });

        var errors = Submit(entry);

        Assert.Contains(errors, e => e.Path == "outcomes[1].arms[0].reported" && e.Code == ValidationCodes.Inconsistent);
        Assert.Contains(errors, e => e.Path == "outcomes[1].arms" && e.Reason == "A row is either continuous or dichotomous in every arm.");
    }

    [Fact]
    public void An_entry_is_validated_only_against_its_own_form_version()
    {
        var later = SampleEntries.Form with { Version = 2 };

        var error = Single(ExtractionEntryValidator.Validate(later, SampleEntries.Complete(), ValidationStage.Submission));

        Assert.Equal(("formVersion", ValidationCodes.FormMismatch), (error.Path, error.Code));
    }
}

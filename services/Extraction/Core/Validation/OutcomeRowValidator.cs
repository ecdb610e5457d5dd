using EvSysReview.Extraction.Core.Forms;
using EvSysReview.Extraction.Core.Outcomes;

namespace EvSysReview.Extraction.Core.Validation;

/// <summary>Checks outcome rows: outcome, unit, time point, source, and each arm's data.</summary>
internal static class OutcomeRowValidator
{
    public static void Validate(ExtractionForm form, ExtractionEntry entry, ValidationStage stage, List<ValidationError> errors)
    {
        var armIds = entry.Arms.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        var seenKeys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < entry.Outcomes.Count; i++)
        {
            var row = entry.Outcomes[i];
            var path = $"outcomes[{i}]";
            var definition = form.Outcomes.Find(row.Outcome);
            CheckOutcome(form, row, definition, path, stage, errors);
            CheckTimePoint(form, row, path, stage, errors);
            if (!seenKeys.Add(row.Key))
                errors.Add(new(path, ValidationCodes.Duplicate,
                    $"Outcome '{row.Outcome}' at this time point is already recorded; put every arm in one row."));
            if (stage == ValidationStage.Submission && row.Source is null)
                errors.Add(new($"{path}.source", ValidationCodes.Required, "Say where the numbers come from (table, text or figure)."));

            CheckArms(row, definition, armIds, path, stage, errors);
            if (stage == ValidationStage.Submission && !ComparisonsWithData(entry, row).Any())
                errors.Add(new($"{path}.arms", ValidationCodes.Inconsistent,
                    "No comparison has data for both its arms in this row."));
        }
    }

    /// <summary>The study's comparisons whose treatment and control arms both have data in the row.</summary>
    public static IEnumerable<ComparisonDefinition> ComparisonsWithData(ExtractionEntry entry, OutcomeRow row) =>
        entry.Comparisons.Where(c =>
            row.Arms.Any(a => a.ArmId == c.TreatmentArmId) && row.Arms.Any(a => a.ArmId == c.ControlArmId));

    private static void CheckOutcome(ExtractionForm form, OutcomeRow row, OutcomeDefinition? definition,
        string path, ValidationStage stage, List<ValidationError> errors)
    {
        if (string.IsNullOrWhiteSpace(row.Outcome))
        {
            errors.Add(new($"{path}.outcome", ValidationCodes.Required, "Name the outcome."));
            return;
        }

        if (definition is null && !form.Outcomes.AllowOtherOutcomes)
            errors.Add(new($"{path}.outcome", ValidationCodes.NotAnOption, $"'{row.Outcome}' is not an outcome of this protocol."));
        if (definition is null && row.Direction is null && stage == ValidationStage.Submission)
            errors.Add(new($"{path}.direction", ValidationCodes.Required,
                "Say whether higher is better or worse for an outcome the protocol does not list."));

        if (string.IsNullOrWhiteSpace(row.Unit))
        {
            if (stage == ValidationStage.Submission)
                errors.Add(new($"{path}.unit", ValidationCodes.Required, "Give the outcome's unit."));
        }
        else if (definition is { AllowedUnits.Count: > 0 } && !definition.AllowedUnits.Contains(row.Unit))
        {
            errors.Add(new($"{path}.unit", ValidationCodes.Unit,
                $"'{row.Unit}' is not a unit of {definition.Label} ({string.Join(", ", definition.AllowedUnits)})."));
        }
    }

    private static void CheckTimePoint(ExtractionForm form, OutcomeRow row, string path, ValidationStage stage,
        List<ValidationError> errors)
    {
        if (row.TimePoint is null)
        {
            if (stage == ValidationStage.Submission)
                errors.Add(new($"{path}.timePoint", ValidationCodes.Required, "Give the time point of the measurement."));
            return;
        }

        if (row.TimePoint.Value < 0)
            errors.Add(new($"{path}.timePoint.value", ValidationCodes.Range, "Time points count from the first administration and are not negative."));
        if (!form.Outcomes.TimePointUnits.Contains(row.TimePoint.Unit))
            errors.Add(new($"{path}.timePoint.unit", ValidationCodes.Unit,
                $"'{row.TimePoint.Unit}' is not a time unit ({string.Join(", ", form.Outcomes.TimePointUnits)})."));
    }

    private static void CheckArms(OutcomeRow row, OutcomeDefinition? definition, IReadOnlySet<string> armIds,
        string path, ValidationStage stage, List<ValidationError> errors)
    {
        var seenArms = new HashSet<string>(StringComparer.Ordinal);
        for (var j = 0; j < row.Arms.Count; j++)
        {
            var arm = row.Arms[j];
            var armPath = $"{path}.arms[{j}]";
            StudyDesignValidator.CheckArmReference(arm.ArmId, armIds, $"{armPath}.armId", errors);
            if (!seenArms.Add(arm.ArmId))
                errors.Add(new($"{armPath}.armId", ValidationCodes.Duplicate, $"Arm '{arm.ArmId}' appears twice in this row."));
            CheckDataType(arm, definition, armPath, errors);
            ArmDataValidator.Validate(arm, armPath, stage, errors);
        }

        var kinds = row.Arms.Where(a => a.Reported is not null)
            .Select(a => a.Reported == ReportedSummary.EventsTotal).Distinct().Count();
        if (kinds > 1)
            errors.Add(new($"{path}.arms", ValidationCodes.Inconsistent, "A row is either continuous or dichotomous in every arm."));
    }

    private static void CheckDataType(ArmOutcomeData arm, OutcomeDefinition? definition, string armPath, List<ValidationError> errors)
    {
        if (definition is null || arm.Reported is null)
            return;
        var dichotomous = arm.Reported == ReportedSummary.EventsTotal;
        if (dichotomous != (definition.DataType == OutcomeDataType.Dichotomous))
            errors.Add(new($"{armPath}.reported", ValidationCodes.Inconsistent,
                $"{definition.Label} is {(dichotomous ? "continuous" : "dichotomous")} in this form."));
    }
}

using EvSysReview.Extraction.Core.Outcomes;

namespace EvSysReview.Extraction.Core.Validation;

/// <summary>Checks the arms and comparisons: unique ids, comparisons naming two different existing arms.</summary>
internal static class StudyDesignValidator
{
    public static void Validate(ExtractionEntry entry, ValidationStage stage, List<ValidationError> errors)
    {
        CheckIds(entry.Arms.Select(a => a.Id).ToList(), "arms", errors);
        for (var i = 0; i < entry.Arms.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(entry.Arms[i].Label))
                errors.Add(new($"arms[{i}].label", ValidationCodes.Required, "Every arm needs a label."));
        }

        CheckIds(entry.Comparisons.Select(c => c.Id).ToList(), "comparisons", errors);
        var armIds = entry.Arms.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < entry.Comparisons.Count; i++)
        {
            var comparison = entry.Comparisons[i];
            var path = $"comparisons[{i}]";
            CheckArmReference(comparison.TreatmentArmId, armIds, $"{path}.treatmentArmId", errors);
            CheckArmReference(comparison.ControlArmId, armIds, $"{path}.controlArmId", errors);
            if (comparison.TreatmentArmId == comparison.ControlArmId)
                errors.Add(new($"{path}.controlArmId", ValidationCodes.Inconsistent,
                    "A comparison needs two different arms."));
        }

        var pairs = entry.Comparisons.Select(c => (c.TreatmentArmId, c.ControlArmId)).ToList();
        for (var i = 0; i < pairs.Count; i++)
        {
            if (pairs.IndexOf(pairs[i]) < i)
                errors.Add(new($"comparisons[{i}]", ValidationCodes.Duplicate,
                    $"Arms '{pairs[i].TreatmentArmId}' and '{pairs[i].ControlArmId}' are already compared."));
        }

        if (stage == ValidationStage.Submission && entry.Comparisons.Count == 0)
            errors.Add(new("comparisons", ValidationCodes.Required, "Name at least one treatment-versus-control comparison."));
    }

    public static void CheckArmReference(string armId, IReadOnlySet<string> armIds, string path, List<ValidationError> errors)
    {
        if (!armIds.Contains(armId))
            errors.Add(new(path, ValidationCodes.Reference, $"There is no arm '{armId}'."));
    }

    private static void CheckIds(List<string> ids, string collection, List<ValidationError> errors)
    {
        for (var i = 0; i < ids.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(ids[i]))
                errors.Add(new($"{collection}[{i}].id", ValidationCodes.Required, "An id is required."));
            else if (ids.IndexOf(ids[i]) < i)
                errors.Add(new($"{collection}[{i}].id", ValidationCodes.Duplicate, $"Id '{ids[i]}' is used twice."));
        }
    }
}

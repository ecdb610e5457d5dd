using EvSysReview.Extraction.Core.Outcomes;
using EvSysReview.Extraction.Core.Validation;

namespace EvSysReview.Extraction.Entries;

/// <summary>
/// The body of PUT .../entries/me: the caller's study fields, arms, comparisons and outcome rows.
/// Study id, form and extractor are the server's to set; if the body carries them (a GET response
/// sent back) they are ignored.
/// </summary>
public sealed record EntryRequest
{
    public Dictionary<string, FieldValue?>? Fields { get; init; }

    public List<ArmDefinition?>? Arms { get; init; }

    public List<ComparisonDefinition?>? Comparisons { get; init; }

    public List<OutcomeRow?>? Outcomes { get; init; }

    /// <summary>
    /// JSON null where the core model expects a value ("id": null, an arms list of null) would
    /// reach the validator as a null it does not expect; these are reported as 400s by path here.
    /// A field answered with null is taken as not answered and left out.
    /// </summary>
    public IReadOnlyList<ValidationError> ShapeErrors()
    {
        var errors = new List<ValidationError>();
        foreach (var (key, value) in Fields ?? [])
        {
            if (value?.Checked is { } items) NoNulls(items, $"fields.{key}.checked", errors);
            if (value?.Values is { } values)
            {
                for (var i = 0; i < values.Count; i++)
                {
                    if (values[i] is null) errors.Add(Missing($"fields.{key}.values[{i}]"));
                    else if (values[i].Unit is null) errors.Add(Missing($"fields.{key}.values[{i}].unit"));
                }
            }
        }

        for (var i = 0; i < Arms?.Count; i++)
        {
            if (Arms[i] is not { } arm) errors.Add(Missing($"arms[{i}]"));
            else Required(errors, $"arms[{i}]", ("id", arm.Id), ("label", arm.Label));
        }

        for (var i = 0; i < Comparisons?.Count; i++)
        {
            if (Comparisons[i] is not { } comparison) errors.Add(Missing($"comparisons[{i}]"));
            else Required(errors, $"comparisons[{i}]", ("id", comparison.Id), ("treatmentArmId", comparison.TreatmentArmId), ("controlArmId", comparison.ControlArmId));
        }

        for (var i = 0; i < Outcomes?.Count; i++)
        {
            var path = $"outcomes[{i}]";
            if (Outcomes[i] is not { } row)
            {
                errors.Add(Missing(path));
                continue;
            }

            Required(errors, path, ("outcome", row.Outcome));
            if (row.TimePoint is { Unit: null }) errors.Add(Missing($"{path}.timePoint.unit"));
            if (row.Arms is null)
            {
                errors.Add(Missing($"{path}.arms"));
                continue;
            }

            for (var a = 0; a < row.Arms.Count; a++)
            {
                if (row.Arms[a] is not { } arm) errors.Add(Missing($"{path}.arms[{a}]"));
                else Required(errors, $"{path}.arms[{a}]", ("armId", arm.ArmId));
            }
        }

        return errors;
    }

    /// <summary>The entry to store; call only when <see cref="ShapeErrors"/> is empty.</summary>
    public ExtractionEntry ToEntry(string studyId, string formId, int formVersion, string? extractorId) => new()
    {
        StudyId = studyId,
        FormId = formId,
        FormVersion = formVersion,
        ExtractorId = extractorId,
        Fields = (Fields ?? []).Where(f => f.Value is not null).ToDictionary(f => f.Key, f => f.Value!),
        Arms = [.. (Arms ?? []).OfType<ArmDefinition>()],
        Comparisons = [.. (Comparisons ?? []).OfType<ComparisonDefinition>()],
        Outcomes = [.. (Outcomes ?? []).OfType<OutcomeRow>()],
    };

    private static void NoNulls(IReadOnlyList<string> items, string path, List<ValidationError> errors)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is null) errors.Add(Missing($"{path}[{i}]"));
        }
    }

    private static void Required(List<ValidationError> errors, string path, params (string Name, string? Value)[] members)
    {
        foreach (var (name, value) in members)
        {
            if (value is null) errors.Add(Missing($"{path}.{name}"));
        }
    }

    private static ValidationError Missing(string path) => new(path, ValidationCodes.Required, "A value is required here, not null.");
}

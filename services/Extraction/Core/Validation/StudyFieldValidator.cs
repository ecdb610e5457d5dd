using System.Globalization;
using EvSysReview.Extraction.Core.Forms;
using EvSysReview.Extraction.Core.Outcomes;

namespace EvSysReview.Extraction.Core.Validation;

/// <summary>Checks the study-level answers of an entry against the form version it was made with.</summary>
internal static class StudyFieldValidator
{
    public static void Validate(ExtractionForm form, IReadOnlyDictionary<string, FieldValue> fields,
        ValidationStage stage, List<ValidationError> errors)
    {
        foreach (var key in fields.Keys.Where(k => form.FindStudyField(k) is null).Order(StringComparer.Ordinal))
            errors.Add(new($"fields.{key}", ValidationCodes.UnknownField,
                $"'{key}' is not a field of form {form.FormId} version {form.Version}."));

        foreach (var field in form.StudyFields)
        {
            var path = $"fields.{field.Key}";
            fields.TryGetValue(field.Key, out var value);
            if (value is null || !IsAnswered(field, value))
            {
                if (stage == ValidationStage.Submission && field.Required)
                    errors.Add(new(path, ValidationCodes.Required, $"{field.Label} is required (or mark it not reported)."));
                continue;
            }

            if (value.NotReported == true)
                continue;

            switch (field.Type)
            {
                case FieldType.Choice:
                    CheckOption(field, value.Choice!, value.OtherText, $"{path}.choice", path, errors);
                    break;
                case FieldType.Checklist:
                    for (var i = 0; i < value.Checked!.Count; i++)
                        CheckOption(field, value.Checked[i], value.OtherText, $"{path}.checked[{i}]", path, errors);
                    break;
                case FieldType.Number when field.Repeated:
                    for (var i = 0; i < value.Values!.Count; i++)
                        CheckNumber(field, value.Values[i].Value, value.Values[i].Unit, $"{path}.values[{i}]", "value", errors);
                    break;
                case FieldType.Number:
                    CheckNumber(field, value.Number!.Value, value.Unit, path, "number", errors);
                    break;
                case FieldType.Text:
                    break;
            }
        }
    }

    /// <summary>Whether the value holds an answer of the field's type (or says the paper does not report it).</summary>
    public static bool IsAnswered(FieldDefinition field, FieldValue value) =>
        value.NotReported == true || field.Type switch
        {
            FieldType.Choice => !string.IsNullOrWhiteSpace(value.Choice),
            FieldType.Checklist => value.Checked is { Count: > 0 },
            FieldType.Number when field.Repeated => value.Values is { Count: > 0 },
            FieldType.Number => value.Number is not null,
            FieldType.Text => !string.IsNullOrWhiteSpace(value.Text),
            _ => false,
        };

    private static void CheckOption(FieldDefinition field, string option, string? otherText, string path,
        string fieldPath, List<ValidationError> errors)
    {
        if (field.Options.Any(o => o.Value == option))
            return;
        if (field.AllowOther && option == FieldDefinition.OtherOption)
        {
            if (string.IsNullOrWhiteSpace(otherText))
                errors.Add(new($"{fieldPath}.otherText", ValidationCodes.Required,
                    $"{field.Label}: say what 'other' is."));
            return;
        }

        var allowed = string.Join(", ", field.Options.Select(o => o.Value)
            .Concat(field.AllowOther ? [FieldDefinition.OtherOption] : []));
        errors.Add(new(path, ValidationCodes.NotAnOption, $"'{option}' is not an option of {field.Label} ({allowed})."));
    }

    private static void CheckNumber(FieldDefinition field, double number, string? unit, string path,
        string numberMember, List<ValidationError> errors)
    {
        var numberPath = $"{path}.{numberMember}";
        if (field.AllowedUnits.Count > 0 && (unit is null || !field.AllowedUnits.Contains(unit)))
            errors.Add(new($"{path}.unit", ValidationCodes.Unit, unit is null
                ? $"{field.Label} needs a unit ({string.Join(", ", field.AllowedUnits)})."
                : $"'{unit}' is not a unit of {field.Label} ({string.Join(", ", field.AllowedUnits)})."));
        if (field.AllowedUnits.Count == 0 && !string.IsNullOrEmpty(unit))
            errors.Add(new($"{path}.unit", ValidationCodes.Unit, $"{field.Label} takes no unit."));
        if (field.IntegerOnly && number != Math.Floor(number))
            errors.Add(new(numberPath, ValidationCodes.Integer, $"{field.Label} must be a whole number."));
        if (field.Minimum is { } min && number < min)
            errors.Add(new(numberPath, ValidationCodes.Range, $"{field.Label} must be at least {Format(min)}."));
        if (field.Maximum is { } max && number > max)
            errors.Add(new(numberPath, ValidationCodes.Range, $"{field.Label} must be at most {Format(max)}."));
    }

    private static string Format(double number) => number.ToString(CultureInfo.InvariantCulture);
}

using System.Text;
using System.Text.Json;
using EvSysReview.Extraction.Core.Outcomes;

namespace EvSysReview.Extraction.Core.Forms;

/// <summary>
/// Turns the form a protocol publishes (its "extractionForm" object, as the reviews service stores
/// it) into an <see cref="ExtractionForm"/>:
/// <code>
/// { "studyFields": [ { "key", "label", "type": "choice|checklist|number|text", "required"?,
///                      "choices"?: ["Label" | {"value","label"}], "units"?, "min"?, "max"?,
///                      "integer"?, "repeated"?, "help"? } ],
///   "outcomes"?: [ { "key", "label", "domain"?, "direction": "higher is better|higher is worse",
///                    "dataType"?: "continuous|dichotomous", "units"? } ],
///   "timePointUnits"?: ["d", "wk"] }
/// </code>
/// A choice given as a bare label gets a stable camelCase value made from it ("Alzheimer's disease" →
/// "alzheimersDisease"); a choice "other" becomes the field's free-text "other" option. The
/// outcome-row columns ("outcomeFields") are the fixed structure of an outcome row and are not read.
/// </summary>
public static class ProtocolFormDefinition
{
    public sealed record Parsed(ExtractionForm? Form, IReadOnlyList<string> Errors);

    /// <param name="outcomesFallback">Outcomes to list when the protocol names none (the template's).</param>
    public static Parsed Read(JsonElement definition, string formId, int version, string title, IReadOnlyList<OutcomeDefinition> outcomesFallback)
    {
        var errors = new List<string>();
        if (!definition.TryGetProperty("studyFields", out var fieldsJson) || fieldsJson.ValueKind != JsonValueKind.Array)
            return new(null, ["extractionForm.studyFields: the protocol lists no study fields."]);

        var fields = new List<FieldDefinition>();
        var index = 0;
        foreach (var json in fieldsJson.EnumerateArray())
        {
            var field = ReadField(json, $"extractionForm.studyFields[{index++}]", errors);
            if (field is null) continue;
            if (fields.Any(f => f.Key == field.Key)) errors.Add($"extractionForm.studyFields: the key '{field.Key}' is used twice.");
            else fields.Add(field);
        }

        var outcomes = outcomesFallback;
        if (definition.TryGetProperty("outcomes", out var outcomesJson) && outcomesJson.ValueKind == JsonValueKind.Array)
            outcomes = [.. outcomesJson.EnumerateArray().Select((o, i) => ReadOutcome(o, $"extractionForm.outcomes[{i}]", errors)).OfType<OutcomeDefinition>()];
        var timeUnits = Strings(definition, "timePointUnits") is { Count: > 0 } units ? units : new OutcomeFormDefinition().TimePointUnits;

        if (errors.Count > 0) return new(null, errors);
        return new(new ExtractionForm
        {
            FormId = formId,
            Version = version,
            Title = title,
            StudyFields = fields,
            Outcomes = new OutcomeFormDefinition { Outcomes = outcomes, AllowOtherOutcomes = true, TimePointUnits = timeUnits },
        }, []);
    }

    /// <summary>The stored value of an option given only by its label: camelCase of its words, apostrophes dropped.</summary>
    public static string ValueOf(string label)
    {
        var letters = label.Replace("'", "", StringComparison.Ordinal).Replace("’", "", StringComparison.Ordinal)
            .Select(c => char.IsLetterOrDigit(c) ? c : ' ').ToArray();
        var words = new string(letters).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w.ToLowerInvariant());
        var value = new StringBuilder();
        foreach (var word in words)
            value.Append(value.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..]);
        return value.ToString();
    }

    private static FieldDefinition? ReadField(JsonElement json, string path, List<string> errors)
    {
        var key = Text(json, "key");
        var label = Text(json, "label") ?? key;
        if (string.IsNullOrWhiteSpace(key))
        {
            errors.Add($"{path}.key: a field needs a key.");
            return null;
        }

        FieldType? type = Text(json, "type") switch
        {
            "choice" => FieldType.Choice,
            "checklist" => FieldType.Checklist,
            "number" => FieldType.Number,
            "text" => FieldType.Text,
            _ => null,
        };
        if (type is null)
        {
            errors.Add($"{path}.type: '{Text(json, "type")}' is not one of choice, checklist, number, text.");
            return null;
        }

        var options = new List<ChoiceOption>();
        var allowOther = false;
        if (type is FieldType.Choice or FieldType.Checklist)
        {
            foreach (var choice in json.TryGetProperty("choices", out var c) && c.ValueKind == JsonValueKind.Array ? c.EnumerateArray() : Enumerable.Empty<JsonElement>())
            {
                var option = choice.ValueKind == JsonValueKind.String
                    ? new ChoiceOption(ValueOf(choice.GetString()!), choice.GetString()!)
                    : new ChoiceOption(Text(choice, "value") ?? "", Text(choice, "label") ?? Text(choice, "value") ?? "");
                if (option.Value == FieldDefinition.OtherOption) allowOther = true;
                else if (option.Value.Length == 0) errors.Add($"{path}.choices: a choice has no value.");
                else if (options.Any(o => o.Value == option.Value)) errors.Add($"{path}.choices: '{option.Label}' gives the value '{option.Value}' twice.");
                else options.Add(option);
            }

            if (options.Count == 0) errors.Add($"{path}.choices: a {Text(json, "type")} field needs choices.");
        }

        return new FieldDefinition
        {
            Key = key,
            Label = label!,
            Type = type.Value,
            Required = Flag(json, "required"),
            Help = Text(json, "help"),
            Options = options,
            AllowOther = allowOther || Flag(json, "allowOther"),
            AllowedUnits = type == FieldType.Number ? Strings(json, "units") : [],
            Minimum = Number(json, "min") ?? Number(json, "minimum"),
            Maximum = Number(json, "max") ?? Number(json, "maximum"),
            IntegerOnly = Flag(json, "integer"),
            Repeated = Flag(json, "repeated"),
        };
    }

    private static OutcomeDefinition? ReadOutcome(JsonElement json, string path, List<string> errors)
    {
        var key = Text(json, "key");
        OutcomeDirection? direction = Text(json, "direction") switch
        {
            "higher is better" or "higherIsBetter" or "higher-is-better" => OutcomeDirection.HigherIsBetter,
            "higher is worse" or "higherIsWorse" or "higher-is-worse" => OutcomeDirection.HigherIsWorse,
            _ => null,
        };
        if (string.IsNullOrWhiteSpace(key)) errors.Add($"{path}.key: an outcome needs a key.");
        if (direction is null) errors.Add($"{path}.direction: say 'higher is better' or 'higher is worse'.");
        if (string.IsNullOrWhiteSpace(key) || direction is null) return null;
        return new OutcomeDefinition
        {
            Key = key,
            Label = Text(json, "label") ?? key,
            Domain = Text(json, "domain") ?? "other",
            DefaultDirection = direction.Value,
            DataType = Text(json, "dataType") == "dichotomous" ? OutcomeDataType.Dichotomous : OutcomeDataType.Continuous,
            AllowedUnits = Strings(json, "units"),
        };
    }

    private static string? Text(JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool Flag(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static double? Number(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    private static IReadOnlyList<string> Strings(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)]
            : [];
}

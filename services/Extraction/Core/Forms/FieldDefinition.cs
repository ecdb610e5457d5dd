namespace EvSysReview.Extraction.Core.Forms;

/// <summary>One study-level field of an extraction form.</summary>
public sealed record FieldDefinition
{
    /// <summary>Stable key, used in entries and in error paths (<c>fields.{key}</c>).</summary>
    public required string Key { get; init; }

    public required string Label { get; init; }

    public required FieldType Type { get; init; }

    /// <summary>Must be answered (or marked not reported) before an entry can be submitted.</summary>
    public bool Required { get; init; }

    public string? Help { get; init; }

    /// <summary>Options of a choice field, items of a checklist.</summary>
    public IReadOnlyList<ChoiceOption> Options { get; init; } = [];

    /// <summary>Choice/checklist: the value <see cref="OtherOption"/> is accepted when free text says what it is.</summary>
    public bool AllowOther { get; init; }

    /// <summary>Number: the units a value may carry; empty means the number has no unit.</summary>
    public IReadOnlyList<string> AllowedUnits { get; init; } = [];

    public double? Minimum { get; init; }

    public double? Maximum { get; init; }

    public bool IntegerOnly { get; init; }

    /// <summary>Number: several values may be given (e.g. every follow-up time point).</summary>
    public bool Repeated { get; init; }

    /// <summary>The option value that stands for "something not in the list".</summary>
    public const string OtherOption = "other";
}

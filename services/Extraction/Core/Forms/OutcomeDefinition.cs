using EvSysReview.Extraction.Core.Outcomes;

namespace EvSysReview.Extraction.Core.Forms;

/// <summary>An outcome the protocol names, with the direction and units it is usually reported in.</summary>
public sealed record OutcomeDefinition
{
    /// <summary>Stable key stored in outcome rows.</summary>
    public required string Key { get; init; }

    public required string Label { get; init; }

    /// <summary>Cognitive, motor, pathology, neuroinflammation, survival… (subgrouping in the synthesis).</summary>
    public required string Domain { get; init; }

    /// <summary>Used when a row does not state its own direction.</summary>
    public required OutcomeDirection DefaultDirection { get; init; }

    public OutcomeDataType DataType { get; init; } = OutcomeDataType.Continuous;

    /// <summary>Units a row of this outcome may use; empty accepts any unit.</summary>
    public IReadOnlyList<string> AllowedUnits { get; init; } = [];
}

using System.Text.Json.Serialization;

namespace EvSysReview.Extraction.Core.Outcomes;

/// <summary>
/// One outcome at one time point, with the data of every arm measured. Arm data is recorded
/// once here and paired into outcome × time point × comparison by the study's comparisons, so a
/// shared control is never typed twice.
/// </summary>
public sealed record OutcomeRow
{
    /// <summary>An outcome key from the form, or the outcome's name when the form allows others.</summary>
    public required string Outcome { get; init; }

    /// <summary>When not given, the form's default direction for the outcome applies.</summary>
    public OutcomeDirection? Direction { get; init; }

    public string? Unit { get; init; }

    public Quantity? TimePoint { get; init; }

    public DataSource? Source { get; init; }

    /// <summary>"Table 2", "Fig. 3B": lets the second extractor and the verifier find the numbers.</summary>
    public string? SourceLocation { get; init; }

    public IReadOnlyList<ArmOutcomeData> Arms { get; init; } = [];

    /// <summary>Stable identity across extractors and edits: outcome and time point.</summary>
    [JsonIgnore]
    public string Key => OutcomeRowKey.Of(Outcome, TimePoint);
}

namespace EvSysReview.Extraction.Core.Outcomes;

/// <summary>
/// One extractor's data for one study (or the consensus of two). Keeps the form version it was
/// made with, so a later form version never reinterprets it.
/// </summary>
public sealed record ExtractionEntry
{
    public required string StudyId { get; init; }

    public required string FormId { get; init; }

    public required int FormVersion { get; init; }

    /// <summary>Who entered it; null for a consensus entry.</summary>
    public string? ExtractorId { get; init; }

    /// <summary>Study-level answers by field key.</summary>
    public IReadOnlyDictionary<string, FieldValue> Fields { get; init; } = new Dictionary<string, FieldValue>();

    public IReadOnlyList<ArmDefinition> Arms { get; init; } = [];

    public IReadOnlyList<ComparisonDefinition> Comparisons { get; init; } = [];

    public IReadOnlyList<OutcomeRow> Outcomes { get; init; } = [];
}

using System.Text.Json.Nodes;

namespace EvSysReview.Extraction.Core.Comparison;

public enum DifferenceKind
{
    /// <summary>Both extractors entered it, with different values.</summary>
    ValuesDiffer,

    /// <summary>Only the first extractor entered it (a field, an arm, a comparison or a whole outcome row).</summary>
    OnlyInFirst,

    OnlyInSecond,
}

/// <summary>One disagreement between two extractors, to be resolved in consensus.</summary>
public sealed record ExtractionDifference(string Path, DifferenceKind Kind, JsonNode? First, JsonNode? Second);

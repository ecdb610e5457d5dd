namespace EvSysReview.Extraction.Core.Outcomes;

/// <summary>
/// What the synthesis receives when a study's extraction is finalised: the consensus study fields
/// and one <see cref="OutcomeComparison"/> per outcome × time point × comparison, after
/// conversions to mean/SD and the shared-control split, with their flags.
/// </summary>
public sealed record FinalizedExtraction
{
    public required string StudyId { get; init; }

    /// <summary>How the study is cited in tables ("Li 2021"); the study id when not known.</summary>
    public required string StudyLabel { get; init; }

    public required string FormId { get; init; }

    public required int FormVersion { get; init; }

    public required IReadOnlyDictionary<string, FieldValue> StudyFields { get; init; }

    public required IReadOnlyList<OutcomeComparison> Comparisons { get; init; }
}

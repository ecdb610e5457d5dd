using EvSysReview.Extraction.Core.Outcomes;

namespace EvSysReview.Extraction.Core.Comparison;

/// <summary>
/// Lists every field where two independent extractions of one study differ: study fields, arms,
/// comparisons and outcome rows (matched by outcome and time point, their arms by arm id).
/// Numbers are compared with <see cref="NumericTolerance"/>.
/// </summary>
public static class DualExtractionComparer
{
    public static IReadOnlyList<ExtractionDifference> Compare(ExtractionEntry first, ExtractionEntry second,
        NumericTolerance? tolerance = null)
    {
        if (first.StudyId != second.StudyId)
            throw new ArgumentException($"Entries are for different studies ({first.StudyId}, {second.StudyId}).", nameof(second));

        return [.. EntryDiff.Compute(first, second, tolerance ?? NumericTolerance.Default)
            .Select(change => new ExtractionDifference(change.Path, KindOf(change), change.Before, change.After))];
    }

    private static DifferenceKind KindOf(EntryChange change) => (change.Before, change.After) switch
    {
        (null, _) => DifferenceKind.OnlyInSecond,
        (_, null) => DifferenceKind.OnlyInFirst,
        _ => DifferenceKind.ValuesDiffer,
    };
}

namespace EvSysReview.Extraction.Core.Outcomes;

/// <summary>
/// Stops an arm that serves several comparisons of one outcome and time point from being counted
/// several times in a meta-analysis: its n (and events) are split evenly across those comparisons,
/// mean and SD unchanged (Cochrane Handbook 23.3.4; Vesterinen et al. 2014, J Neurosci Methods
/// 221:92, for preclinical reviews, where one vehicle group against several doses is common).
/// The split n may be fractional; it is kept so, as the Handbook allows.
/// </summary>
public static class SharedControlCorrection
{
    public static IReadOnlyList<OutcomeComparison> Apply(IReadOnlyList<OutcomeComparison> comparisons)
    {
        // An arm is shared within one outcome row (outcome + time point): the key minus the comparison.
        var uses = comparisons
            .SelectMany(c => new[] { (Row: RowKey(c), c.Treatment.ArmId), (Row: RowKey(c), c.Control.ArmId) })
            .GroupBy(use => use)
            .ToDictionary(g => g.Key, g => g.Count());

        return [.. comparisons.Select(c => c with
        {
            Treatment = Split(c.Treatment, uses[(RowKey(c), c.Treatment.ArmId)]),
            Control = Split(c.Control, uses[(RowKey(c), c.Control.ArmId)]),
        })];
    }

    private static AnalysisArm Split(AnalysisArm arm, int sharedBy) => arm with
    {
        SharedBy = sharedBy,
        N = (double)arm.ReportedN / sharedBy,
        Events = arm.ReportedEvents is { } events ? (double)events / sharedBy : null,
    };

    private static string RowKey(OutcomeComparison comparison) => OutcomeRowKey.Of(comparison.Outcome, comparison.TimePoint);
}

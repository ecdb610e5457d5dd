using EvSysReview.Screening.Core.Agreement;
using EvSysReview.Screening.Core.Decisions;

namespace EvSysReview.Screening.Core.Statistics;

/// <summary>
/// Counts for one stage. Screened = items final by any route; Excluded includes retractions
/// (reason "retracted"); records marked ineligible by automation are open items, counted apart
/// and never among Excluded (PRISMA 2020 reports them on their own line).
/// </summary>
public sealed record StageStatistics(
    ScreeningStage Stage,
    int Items,
    int Screened,
    int AwaitingDecisions,
    int Included,
    int Excluded,
    IReadOnlyDictionary<string, int> ExcludedByReason,
    int ConflictsOpen,
    int ConflictsResolved,
    int Retracted,
    int IneligibleByAutomation,
    IReadOnlyList<ReviewerPairAgreement> ReviewerPairs)
{
    /// <summary>Excluded items with no reason (allowed at title/abstract) are counted under this key.</summary>
    public const string NoReasonGiven = "(no reason given)";

    /// <param name="items">Every item of the stage.</param>
    /// <param name="ineligibleByAutomation">Items the ranking marked (RankingResult.IneligibleByAutomation), when the lead turned it on.</param>
    public static StageStatistics Compute(ScreeningStage stage, IEnumerable<ScreeningItem> items, IEnumerable<Guid>? ineligibleByAutomation = null)
    {
        var ofStage = items.Where(i => i.Stage == stage).ToList();
        var open = ofStage.Where(i => i.Status != ItemStatus.Final).Select(i => i.ItemId).ToHashSet();
        var final = ofStage.Where(i => i.Status == ItemStatus.Final).ToList();
        var excluded = final.Where(i => !i.Outcome!.IsInclude).ToList();
        var byReason = excluded
            .GroupBy(i => i.Outcome!.ExclusionReason ?? NoReasonGiven, StringComparer.OrdinalIgnoreCase)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.OrdinalIgnoreCase);

        return new StageStatistics(
            stage,
            ofStage.Count,
            final.Count,
            ofStage.Count(i => i.Status == ItemStatus.AwaitingDecisions),
            final.Count(i => i.Outcome!.IsInclude),
            excluded.Count,
            byReason,
            ofStage.Count(i => i.HasOpenConflict),
            ofStage.Count(i => i.HasResolvedConflict),
            ofStage.Count(i => i.Retraction is { IsActive: true }),
            (ineligibleByAutomation ?? []).Distinct().Count(open.Contains),
            ReviewerPairAgreement.ForItems(ofStage));
    }
}

using EvSysReview.Screening.Core.Decisions;
using EvSysReview.Screening.Core.Ranking;
using EvSysReview.Screening.Items;
using EvSysReview.Screening.Protocol;

namespace EvSysReview.Screening.Queue;

/// <summary>The open items of a stage in queue order, and the progress figures shown beside the record.</summary>
public static class QueueOrder
{
    /// <summary>
    /// The stored ranking first; items it has not seen yet (imported since) follow by highlight-term
    /// score, then import order. Items set apart as ineligible by automation are left out, unless a
    /// reviewer has decided them since (the ranking predates the decision): they await their other reviewers.
    /// </summary>
    public static IReadOnlyList<ItemDocument> Arrange(IReadOnlyList<ItemDocument> items, ScreeningStage stage, RankingResult? ranking)
    {
        var open = items.Where(i => i.Stage == stage && i.Item.Status == ItemStatus.AwaitingDecisions).ToList();
        if (ranking is null) return ByTerms(open);
        // Only the items the ranking has not seen are sorted: the ranked ones are in its order already.
        var (ranked, unseen) = ranking.Split(open, i => i.ItemId, i => i.Item.Decisions.Count > 0);
        ranked.AddRange(ByTerms(unseen));
        return ranked;
    }

    private static List<ItemDocument> ByTerms(IEnumerable<ItemDocument> items) =>
        items.OrderByDescending(i => i.TermScore).ThenBy(i => i.ImportedAt).ThenBy(i => i.ItemId).ToList();

    public static ProgressView Progress(IReadOnlyList<ItemDocument> items, ScreeningStage stage, RankingResult? ranking)
    {
        var ofStage = items.Where(i => i.Stage == stage).ToList();
        var final = ofStage.Where(i => i.Item.Status == ItemStatus.Final).OrderBy(i => i.Item.FinalisedAt).ToList();
        var consecutiveExcludes = ConsecutiveExcludes(final.AsEnumerable().Reverse().Select(i => (i.Item.Outcome!.IsInclude, i.Item.Outcome.Basis == FinalBasis.Retraction)));
        return new ProgressView(final.Count, ofStage.Count - final.Count, ranking?.EstimatedRelevantRemaining, consecutiveExcludes);
    }

    /// <summary>
    /// Excludes since the last include, over final items newest first. Retractions are left out (they
    /// neither count nor end the run): the figure says how long screeners have found nothing relevant,
    /// and a retraction is no screener's finding (the ranker leaves them out of its labels too).
    /// </summary>
    public static int ConsecutiveExcludes(IEnumerable<(bool Included, bool Retracted)> newestFirst) =>
        newestFirst.Where(f => !f.Retracted).TakeWhile(f => !f.Included).Count();
}

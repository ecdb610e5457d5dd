using System.Text.Json.Serialization;
using EvSysReview.Screening.Core.Decisions;

namespace EvSysReview.Screening.Core.Ranking;

public enum RankingBasis
{
    /// <summary>No model yet (no include, or no exclude): protocol highlight terms order the queue.</summary>
    HighlightTerms,

    /// <summary>A classifier trained on the final decisions orders the queue.</summary>
    Classifier,
}

/// <summary>An open item's place in the queue: Score orders it (term score, or classifier logit); Probability is its calibrated P(relevant), null while ranking by highlight terms.</summary>
public sealed record RankedItem(Guid ItemId, double Score, double? Probability);

/// <summary>
/// The reranked queue and the stopping information shown to the lead.
/// EstimatedRelevantRemaining is Σ P(relevant) over the open items (null without a model);
/// because active learning labels the likely-relevant records first, the labelled set is richer
/// in includes than what is left, so this estimate leans high: read it as an upper guide.
/// ConsecutiveExcludes counts final excludes since the last final include.
/// </summary>
public sealed record RankingResult(
    RankingBasis Basis,
    [property: JsonConverter(typeof(RankedItemsJsonConverter))] IReadOnlyList<RankedItem> Order,
    [property: JsonConverter(typeof(RankedItemsJsonConverter))] IReadOnlyList<RankedItem> IneligibleByAutomation,
    double? EstimatedRelevantRemaining,
    int ConsecutiveExcludes,
    int LabelledIncludes,
    int LabelledExcludes)
{
    /// <summary>
    /// Items in queue order for NextItemSelector: ranked items by rank, then items this ranking
    /// has not seen (arrived since the last rerank) in the order given; items set apart as
    /// ineligible by automation are left out.
    /// </summary>
    public IReadOnlyList<ScreeningItem> Arrange(IEnumerable<ScreeningItem> items)
    {
        var rank = new Dictionary<Guid, int>(Order.Count);
        for (var i = 0; i < Order.Count; i++)
        {
            rank[Order[i].ItemId] = i;
        }

        var setApart = IneligibleByAutomation.Select(r => r.ItemId).ToHashSet();
        return items
            .Where(i => !setApart.Contains(i.ItemId))
            .OrderBy(i => rank.TryGetValue(i.ItemId, out var position) ? position : int.MaxValue)
            .ToList();
    }
}

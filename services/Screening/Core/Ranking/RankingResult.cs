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

/// <summary>
/// An open item's place in the queue: Score orders it (term score, or classifier logit); Probability is
/// its calibrated P(relevant), null while ranking by highlight terms. A value, not an object: a ranking
/// lists every open item (tens of thousands) and lives until the next rerank, long enough for each
/// collection meanwhile to trace and copy every item as an object of its own; as values they are one array.
/// </summary>
public readonly record struct RankedItem(Guid ItemId, double Score, double? Probability);

/// <summary>
/// The reranked queue and the stopping information shown to the lead.
/// EstimatedRelevantRemaining is Σ P(relevant) over the open items (null without a model);
/// because active learning labels the likely-relevant records first, the labelled set is richer
/// in includes than what is left, so this estimate leans high: read it as an upper guide.
/// ConsecutiveExcludes counts final excludes since the last final include. CalibratedOn is how many
/// labelled records the Platt mapping behind the probabilities was fitted on: a service may reuse a
/// mapping for a few reranks, so it can be fewer than LabelledIncludes + LabelledExcludes (null without
/// a fitted mapping: highlight terms, or too few includes or excludes for folds).
/// </summary>
public sealed record RankingResult(
    RankingBasis Basis,
    [property: JsonConverter(typeof(RankedItemsJsonConverter))] IReadOnlyList<RankedItem> Order,
    [property: JsonConverter(typeof(RankedItemsJsonConverter))] IReadOnlyList<RankedItem> IneligibleByAutomation,
    double? EstimatedRelevantRemaining,
    int ConsecutiveExcludes,
    int LabelledIncludes,
    int LabelledExcludes,
    int? CalibratedOn = null)
{
    /// <summary>
    /// The items this ranking ordered, in its order, and those it has not seen, in the order given;
    /// items set apart as ineligible by automation are in neither. One pass over the ranking and
    /// one over the items, no sort: the queue arranges 70,000 items after every rerank.
    /// Items <paramref name="neverApart"/> holds (a reviewer decided them after this ranking was made)
    /// are kept, among the unseen, even when this ranking set them apart.
    /// </summary>
    public (List<T> Ranked, List<T> Unseen) Split<T>(IEnumerable<T> items, Func<T, Guid> idOf, Func<T, bool>? neverApart = null)
    {
        var given = items as IReadOnlyCollection<T> ?? items.ToList();
        var byId = new Dictionary<Guid, T>(given.Count);
        foreach (var item in given) byId[idOf(item)] = item;
        foreach (var apart in IneligibleByAutomation)
        {
            if (neverApart is null || !byId.TryGetValue(apart.ItemId, out var item) || !neverApart(item)) byId.Remove(apart.ItemId);
        }
        var ranked = new List<T>(byId.Count);
        foreach (var place in Order)
        {
            if (byId.Remove(place.ItemId, out var item)) ranked.Add(item);
        }

        var unseen = given.Where(i => byId.ContainsKey(idOf(i))).ToList();
        return (ranked, unseen);
    }
}

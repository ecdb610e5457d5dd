using EvSysReview.Screening.Core.Decisions;

namespace EvSysReview.Screening.Core.Agreement;

/// <summary>Agreement of two reviewers over the items both decided (include / exclude / maybe as categories).</summary>
public sealed record ReviewerPairAgreement(string FirstReviewerId, string SecondReviewerId, KappaEstimate Estimate)
{
    public int N => Estimate.N;

    /// <summary>
    /// One entry per pair of reviewers with at least one item in common, reviewer ids in
    /// ordinal order. Uses each reviewer's current decision (a changed decision counts as changed).
    /// </summary>
    public static IReadOnlyList<ReviewerPairAgreement> ForItems(IEnumerable<ScreeningItem> items)
    {
        var pairs = new Dictionary<(string, string), List<(DecisionKind, DecisionKind)>>();
        foreach (var item in items)
        {
            var decisions = item.Decisions.OrderBy(d => d.ReviewerId, StringComparer.Ordinal).ToList();
            for (var a = 0; a < decisions.Count; a++)
            {
                for (var b = a + 1; b < decisions.Count; b++)
                {
                    var key = (decisions[a].ReviewerId, decisions[b].ReviewerId);
                    if (!pairs.TryGetValue(key, out var ratings))
                    {
                        pairs[key] = ratings = [];
                    }

                    ratings.Add((decisions[a].Kind, decisions[b].Kind));
                }
            }
        }

        return pairs
            .OrderBy(p => p.Key.Item1, StringComparer.Ordinal).ThenBy(p => p.Key.Item2, StringComparer.Ordinal)
            .Select(p => new ReviewerPairAgreement(p.Key.Item1, p.Key.Item2, CohenKappa.FromPairs(p.Value)))
            .ToList();
    }
}

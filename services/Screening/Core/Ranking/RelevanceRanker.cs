using EvSysReview.Screening.Core.Highlights;
using EvSysReview.Screening.Core.Protocol;

namespace EvSysReview.Screening.Core.Ranking;

/// <summary>
/// Active-learning order for the title/abstract queue: retrain on the final decisions, rerank
/// the open items, most likely relevant first. Ties keep the order the open items were given in
/// (import order), so the queue is stable between reranks.
/// </summary>
public static class RelevanceRanker
{
    /// <summary>Fits TF-IDF on open and labelled records, trains, ranks: one call per rerank.</summary>
    public static RankingResult Rank(IReadOnlyList<RankingRecord> open, IReadOnlyList<LabelledRecord> labelled, ScreeningProtocol protocol, RankingOptions? options = null)
    {
        if (!labelled.Any(l => l.Included) || labelled.All(l => l.Included))
        {
            return Rank(null, open, labelled, protocol, options);
        }

        var space = TextFeatureSpace.Fit(open.Concat(labelled.Select(l => l.Record)));
        return Rank(space, open, labelled, protocol, options);
    }

    /// <summary>Ranks with a feature space the caller keeps (it must contain every record passed).</summary>
    public static RankingResult Rank(TextFeatureSpace? space, IReadOnlyList<RankingRecord> open, IReadOnlyList<LabelledRecord> labelled, ScreeningProtocol protocol, RankingOptions? options = null)
    {
        var includes = labelled.Count(l => l.Included);
        var excludes = labelled.Count - includes;
        var consecutiveExcludes = labelled.Reverse().TakeWhile(l => !l.Included).Count();

        options ??= RankingOptions.Default;
        var labels = labelled.Select(l => (l.Record.ItemId, l.Included)).ToList();
        using var classifier = space is null ? null : RelevanceModels.Train(space, labels, options);
        if (classifier is null)
        {
            var terms = HighlightTermSet.For(protocol);
            var byTerms = open
                .Select(r => new RankedItem(r.ItemId, terms.Score(r.Title, r.Abstract), null))
                .OrderByDescending(r => r.Score)
                .ToList();
            return new RankingResult(RankingBasis.HighlightTerms, byTerms, [], null, consecutiveExcludes, includes, excludes);
        }

        var scores = classifier.Scores(open.Select(r => r.ItemId).ToList());
        var probabilities = RelevanceCalibration.Probabilities(space!, classifier, labels, scores, options);
        var ranked = open
            .Select((r, i) => new RankedItem(r.ItemId, scores[i], probabilities[i]))
            .OrderByDescending(r => r.Score)
            .ToList();
        var threshold = protocol.AutomationThreshold;
        var ineligible = threshold is null ? [] : ranked.Where(r => r.Probability < threshold).ToList();
        var queue = threshold is null ? ranked : ranked.Where(r => r.Probability >= threshold).ToList();
        return new RankingResult(RankingBasis.Classifier, queue, ineligible, probabilities.Sum(), consecutiveExcludes, includes, excludes);
    }
}

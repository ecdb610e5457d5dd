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
    /// <param name="termScore">Without a space: each open record's highlight-term score, when the caller keeps them (the protocol's terms are applied otherwise).</param>
    public static RankingResult Rank(TextFeatureSpace? space, IReadOnlyList<RankingRecord> open, IReadOnlyList<LabelledRecord> labelled, ScreeningProtocol protocol, RankingOptions? options = null, Func<RankingRecord, int>? termScore = null)
    {
        // Without a step callback nothing awaits: the task has completed when it is returned.
        return RankAsync(space, open, labelled, protocol, options, null, null, CancellationToken.None, termScore).AsTask().GetAwaiter().GetResult().Result;
    }

    /// <summary>
    /// As Rank, awaiting <paramref name="betweenSteps"/> after training, after each block of
    /// <see cref="ScoringBlock"/> open items scored, between the calibration's fits and before the sort.
    /// With <paramref name="keptCalibration"/> the probabilities come from that Platt mapping instead of
    /// a new one (the caller decides when a kept one is still good enough).
    /// </summary>
    /// <returns>The ranking, and the Platt mapping its probabilities came from (null without one).</returns>
    public static async ValueTask<(RankingResult Result, ScoreCalibration? Calibration)> RankAsync(
        TextFeatureSpace? space,
        IReadOnlyList<RankingRecord> open,
        IReadOnlyList<LabelledRecord> labelled,
        ScreeningProtocol protocol,
        RankingOptions? options,
        ScoreCalibration? keptCalibration,
        BetweenSteps? betweenSteps,
        CancellationToken cancellationToken,
        Func<RankingRecord, int>? termScore = null)
    {
        var includes = labelled.Count(l => l.Included);
        var excludes = labelled.Count - includes;
        var consecutiveExcludes = labelled.Reverse().TakeWhile(l => !l.Included).Count();

        options ??= RankingOptions.Default;
        var labels = labelled.Select(l => (l.Record.ItemId, l.Included)).ToList();
        using var classifier = space is null ? null : RelevanceModels.Train(space, labels, options);
        if (classifier is null)
        {
            if (termScore is null)
            {
                var terms = HighlightTermSet.For(protocol);
                termScore = r => terms.Score(r.Title, r.Abstract);
            }

            var byTerms = open
                .Select(r => new RankedItem(r.ItemId, termScore(r), null))
                .OrderByDescending(r => r.Score)
                .ToList();
            return (new RankingResult(RankingBasis.HighlightTerms, byTerms, [], null, consecutiveExcludes, includes, excludes), null);
        }

        var scores = new float[open.Count];
        for (var from = 0; from < open.Count; from += ScoringBlock)
        {
            // The first ends the classifier's fit; each later one a block of scoring.
            if (betweenSteps is not null) await betweenSteps(from == 0 ? "fit" : "score", cancellationToken);
            var block = open.Skip(from).Take(ScoringBlock).Select(r => r.ItemId).ToList();
            classifier.Scores(block).CopyTo(scores, from);
        }

        var calibration = keptCalibration ?? await RelevanceCalibration.FitAsync(space!, labels, options, betweenSteps, cancellationToken);
        var probabilities = calibration?.Probabilities(scores) ?? RelevanceCalibration.PriorShifted(classifier, scores);
        if (betweenSteps is not null) await betweenSteps(keptCalibration is null && calibration is not null ? "platt" : "score", cancellationToken);
        var ranked = open
            .Select((r, i) => new RankedItem(r.ItemId, scores[i], probabilities[i]))
            .OrderByDescending(r => r.Score)
            .ToList();
        var threshold = protocol.AutomationThreshold;
        // Automation sets apart only records no human has decided: a record a reviewer decided
        // still needs its other reviewers, and automation must not overrule a human's decision.
        // A decided record keeps its place in the ranking order, below the threshold or not.
        var decided = open.Where(r => r.HumanDecided).Select(r => r.ItemId).ToHashSet();
        var ineligible = threshold is null ? [] : ranked.Where(r => r.Probability < threshold && !decided.Contains(r.ItemId)).ToList();
        var apart = ineligible.Select(r => r.ItemId).ToHashSet();
        var queue = apart.Count == 0 ? ranked : ranked.Where(r => !apart.Contains(r.ItemId)).ToList();
        return (new RankingResult(RankingBasis.Classifier, queue, ineligible, probabilities.Sum(), consecutiveExcludes, includes, excludes, calibration?.LabelledCount), calibration);
    }

    /// <summary>Open items scored between two steps: about 20 ms of one core at PubMed length with uni- and bigrams.</summary>
    public const int ScoringBlock = 10_000;
}

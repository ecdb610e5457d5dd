using Microsoft.ML;
using Microsoft.ML.Data;

namespace EvSysReview.Screening.Core.Ranking;

/// <summary>
/// Turns classifier scores into probabilities of relevance for the stopping estimate.
/// Platt scaling (ML.NET) fitted on out-of-fold scores of the labelled records: each stratified
/// fold is scored by a model trained without it, so the calibration sees scores like those of
/// unseen records rather than the over-confident scores of records the model was trained on.
/// With fewer than two includes or excludes no folds can be made, and the prior-shift correction
/// of the class weights is used instead.
/// </summary>
internal static class RelevanceCalibration
{
    /// <summary>
    /// Fits the Platt mapping on out-of-fold scores, awaiting <paramref name="betweenSteps"/> before
    /// each fold's fit and before the Platt fit.
    /// </summary>
    /// <returns>null when the labels hold fewer than two includes or excludes (no folds can be made).</returns>
    public static async ValueTask<ScoreCalibration?> FitAsync(
        TextFeatureSpace space,
        IReadOnlyList<(Guid ItemId, bool Included)> labels,
        RankingOptions options,
        BetweenSteps? betweenSteps,
        CancellationToken cancellationToken)
    {
        var positives = labels.Where(l => l.Included).ToList();
        var negatives = labels.Where(l => !l.Included).ToList();
        var folds = Math.Min(options.CalibrationFolds, Math.Min(positives.Count, negatives.Count));
        if (folds < 2)
        {
            return null;
        }

        var random = new Random(options.Seed);
        var fold = new Dictionary<Guid, int>();
        foreach (var group in new[] { positives, negatives })
        {
            var shuffled = group.Select(l => l.ItemId).ToArray();
            random.Shuffle(shuffled);
            for (var i = 0; i < shuffled.Length; i++)
            {
                fold[shuffled[i]] = i % folds;
            }
        }

        var outOfFold = new List<ScoreRow>(labels.Count);
        for (var k = 0; k < folds; k++)
        {
            // The first ends the ranker's last block of scoring; each later one a fold's fit.
            if (betweenSteps is not null) await betweenSteps(k == 0 ? "score" : "fold", cancellationToken);
            var heldOut = labels.Where(l => fold[l.ItemId] == k).ToList();
            using var model = RelevanceModels.Train(space, labels.Where(l => fold[l.ItemId] != k).ToList(), options)!;
            var heldOutScores = model.Scores(heldOut.Select(l => l.ItemId).ToList());
            outOfFold.AddRange(heldOut.Select((l, i) => new ScoreRow { Label = l.Included, Score = heldOutScores[i] }));
        }

        if (betweenSteps is not null) await betweenSteps("fold", cancellationToken);
        var context = space.Context;
        var platt = context.BinaryClassification.Calibrators.Platt(nameof(ScoreRow.Label), nameof(ScoreRow.Score))
            .Fit(context.Data.LoadFromEnumerable(outOfFold));
        return new ScoreCalibration(((ISingleFeaturePredictionTransformer<Microsoft.ML.Calibrators.PlattCalibrator>)platt).Model, labels.Count);
    }

    /// <summary>The fallback without folds: the prior-shift correction of the class weights.</summary>
    public static double[] PriorShifted(IRelevanceModel classifier, float[] scores) =>
        scores.Select(s => Logistic(s - classifier.LogitShift)).ToArray();

    private static double Logistic(double logit) => 1 / (1 + Math.Exp(-logit));

    private sealed class ScoreRow
    {
        public bool Label { get; set; }

        public float Score { get; set; }
    }
}

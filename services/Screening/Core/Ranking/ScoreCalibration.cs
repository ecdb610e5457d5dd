using Microsoft.ML.Calibrators;

namespace EvSysReview.Screening.Core.Ranking;

/// <summary>
/// A Platt mapping from a classifier's scores to P(relevant), fitted by ML.NET on the out-of-fold
/// scores of <see cref="LabelledCount"/> labelled records (RelevanceCalibration). Fitting it costs one
/// model fit per fold, four fifths of a rerank; a service may apply a kept one to the scores of a model
/// trained later in the same way while the labelled set has changed little (ProjectRanking says when).
/// </summary>
public sealed class ScoreCalibration
{
    private readonly PlattCalibrator platt;

    internal ScoreCalibration(PlattCalibrator platt, int labelledCount)
    {
        this.platt = platt;
        LabelledCount = labelledCount;
    }

    /// <summary>How many labelled records the mapping was fitted on.</summary>
    public int LabelledCount { get; }

    /// <summary>P(relevant) for each score: ML.NET's own PlattCalibrator.PredictProbability, without building a data view.</summary>
    public double[] Probabilities(IReadOnlyList<float> scores)
    {
        var probabilities = new double[scores.Count];
        for (var i = 0; i < probabilities.Length; i++) probabilities[i] = platt.PredictProbability(scores[i]);
        return probabilities;
    }
}

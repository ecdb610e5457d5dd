namespace EvSysReview.Screening.Core.Ranking;

public sealed record RankingOptions
{
    /// <summary>
    /// L2 penalty of the logistic regression. ML.NET adds it to the summed (not averaged) loss;
    /// 1.0 did best on the Ferdinands simulation sets among 0.01, 0.1, 1 and 3.
    /// </summary>
    public float L2Regularization { get; init; } = 1f;

    /// <summary>Folds for the out-of-fold Platt calibration of probabilities; 0 skips it (simulation needs only the order).</summary>
    public int CalibrationFolds { get; init; } = 5;

    /// <summary>Seeds the calibration folds, so a rerank of the same decisions gives the same figures.</summary>
    public int Seed { get; init; }

    public static RankingOptions Default { get; } = new();
}

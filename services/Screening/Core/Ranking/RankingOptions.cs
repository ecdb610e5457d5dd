namespace EvSysReview.Screening.Core.Ranking;

public sealed record RankingOptions
{
    /// <summary>The classifier: naive Bayes (ASReview's default) unless set otherwise.</summary>
    public RelevanceModelKind Model { get; init; } = RelevanceModelKind.NaiveBayes;

    /// <summary>Naive Bayes smoothing; ASReview's default.</summary>
    public double NaiveBayesAlpha { get; init; } = NaiveBayesClassifier.DefaultAlpha;

    /// <summary>Resample the naive Bayes training set with ASReview's double balance (DoubleBalance).</summary>
    public bool Balance { get; init; } = true;

    /// <summary>
    /// L2 penalty of the logistic regression (RelevanceModelKind.LogisticRegression). ML.NET adds it to the summed (not averaged) loss;
    /// 1.0 did best on the Ferdinands simulation sets among 0.01, 0.1, 1 and 3.
    /// </summary>
    public float L2Regularization { get; init; } = 1f;

    /// <summary>Folds for the out-of-fold Platt calibration of probabilities; 0 skips it (simulation needs only the order).</summary>
    public int CalibrationFolds { get; init; } = 5;

    /// <summary>Seeds the calibration folds, so a rerank of the same decisions gives the same figures.</summary>
    public int Seed { get; init; }

    public static RankingOptions Default { get; } = new();
}

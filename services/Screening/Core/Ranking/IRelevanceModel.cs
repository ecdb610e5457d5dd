namespace EvSysReview.Screening.Core.Ranking;

/// <summary>
/// A classifier trained on the final decisions; higher scores mean more likely relevant. Dispose it
/// when done scoring: naive Bayes returns its rented per-word weights to the shared pool.
/// </summary>
public interface IRelevanceModel : IDisposable
{
    /// <summary>Log-odds of relevance as the model was trained (class weights or resampling included), in the order of itemIds.</summary>
    float[] Scores(IReadOnlyList<Guid> itemIds);

    /// <summary>
    /// What the training's rebalancing added to the log-odds: subtracting it gives P(relevant) at the
    /// labelled set's own prevalence (the fallback of RelevanceCalibration).
    /// </summary>
    double LogitShift { get; }
}

public enum RelevanceModelKind
{
    /// <summary>Multinomial naive Bayes with double balance: ASReview's default, the one its published figures use.</summary>
    NaiveBayes,

    /// <summary>ML.NET L-BFGS logistic regression with class weights.</summary>
    LogisticRegression,
}

/// <summary>Trains the model the options name.</summary>
public static class RelevanceModels
{
    /// <returns>null unless the labels hold at least one include and one exclude.</returns>
    public static IRelevanceModel? Train(TextFeatureSpace space, IReadOnlyCollection<(Guid ItemId, bool Included)> labels, RankingOptions options) =>
        options.Model switch
        {
            RelevanceModelKind.LogisticRegression => RelevanceClassifier.Train(space, labels, options),
            _ => NaiveBayesClassifier.Train(space, labels, options),
        };
}

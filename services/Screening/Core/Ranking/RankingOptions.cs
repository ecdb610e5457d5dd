namespace EvSysReview.Screening.Core.Ranking;

public sealed record RankingOptions
{
    /// <summary>L2 penalty of the logistic regression (ML.NET's scale: added to the summed loss).</summary>
    public float L2Regularization { get; init; } = 0.1f;

    public static RankingOptions Default { get; } = new();
}

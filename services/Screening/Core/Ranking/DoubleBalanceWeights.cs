namespace EvSysReview.Screening.Core.Ranking;

/// <summary>The four parameters of the double balance (see DoubleBalance).</summary>
public sealed record DoubleBalanceWeights(double A, double Alpha, double B, double Beta = 1.0)
{
    /// <summary>ASReview's defaults (asreview/balance_strategies/double.py, v0.9.3, DoubleBalance.__init__).</summary>
    public static DoubleBalanceWeights AsreviewDefault { get; } = new(2.155, 0.94, 0.789, 1.0);

    /// <summary>
    /// Ferdinands 2020's NB + TF-IDF setting tuned on all six of her datasets at once ("n":
    /// GerbrichFerdinands/asreview-thesis 186beba, simulation_study/hpoptimization/config/config/
    /// nb_max_double_tfidf-ptsd_virus_ace_software_wilson_nudging.ini). The service's default: see RankingOptions.
    /// </summary>
    public static DoubleBalanceWeights FerdinandsAllSix { get; } = new(0.7492527339524988, 1.376755934059147, 0.15013204593328155, 1.0);
}

using EvSysReview.Screening.Core.Ranking;

namespace EvSysReview.Screening.Core.Simulation;

public enum SimulationOrder
{
    ActiveLearning,
    Random,
}

public sealed record SimulationOptions
{
    /// <summary>Chooses the prior include and exclude (and the order, for Random).</summary>
    public int Seed { get; init; }

    public SimulationOrder Order { get; init; } = SimulationOrder.ActiveLearning;

    /// <summary>
    /// Decisions between retrains; between them the reviewer works down the last ranking. 1, as in
    /// the published simulations (n_instances = 1 in every asreview-thesis simulation config, e.g.
    /// simulation_study/simulation/config/one/BCTD/nb_max_double_tfidf-ace.ini at commit 186beba).
    /// </summary>
    public int RetrainEvery { get; init; } = 1;

    public RankingOptions Ranking { get; init; } = RankingOptions.Default;

    /// <summary>The TF-IDF settings when the simulation fits the space itself.</summary>
    public TextFeatureOptions Features { get; init; } = TextFeatureOptions.Default;
}

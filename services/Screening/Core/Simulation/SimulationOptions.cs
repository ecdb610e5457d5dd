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

    /// <summary>Decisions between retrains; between them the reviewer works down the last ranking.</summary>
    public int RetrainEvery { get; init; } = 10;

    public RankingOptions Ranking { get; init; } = RankingOptions.Default;
}

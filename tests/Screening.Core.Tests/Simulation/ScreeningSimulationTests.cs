using EvSysReview.Screening.Core.Ranking;
using EvSysReview.Screening.Core.Simulation;

namespace EvSysReview.Screening.Core.Tests.Simulation;

public sealed class ScreeningSimulationTests
{
    [Fact]
    public void Active_learning_beats_random_order_on_a_subset_of_Bannach_Brown()
    {
        // First 400 records of the preclinical depression-model set (Bannach-Brown 2019).
        var records = ScreeningTestData.Read("Bannach-Brown_2019.csv").Take(400).ToList();
        var options = new SimulationOptions { Seed = 1, RetrainEvery = 25 };

        var active = ScreeningSimulation.Run(records, options);
        var random = ScreeningSimulation.Run(records, options with { Order = SimulationOrder.Random });

        Assert.Equal(records.Count - 2, active.LabelsInOrder.Count);
        Assert.Equal(records.Count(r => r.Included) - 1, active.LabelsInOrder.Count(l => l));
        Assert.True(active.Wss95 > random.Wss95 + 0.2, $"WSS@95 active {active.Wss95:P1}, random {random.Wss95:P1}");
        Assert.True(active.Rrf10 > 2 * random.Rrf10, $"RRF@10 active {active.Rrf10:P1}, random {random.Rrf10:P1}");
    }

    [Fact]
    public void The_same_seed_gives_the_same_run()
    {
        var records = ScreeningTestData.Read("Bannach-Brown_2019.csv").Take(200).ToList();
        var options = new SimulationOptions { Seed = 7, RetrainEvery = 50 };
        var space = TextFeatureSpace.Fit(records.Select((r, i) => new RankingRecord(ScreeningSimulation.IdOf(i), r.Title, r.Abstract)));

        Assert.Equal(ScreeningSimulation.Run(records, options, space).LabelsInOrder, ScreeningSimulation.Run(records, options, space).LabelsInOrder);
    }
}

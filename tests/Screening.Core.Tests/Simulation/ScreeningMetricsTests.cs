using EvSysReview.Screening.Core.Simulation;

namespace EvSysReview.Screening.Core.Tests.Simulation;

public sealed class ScreeningMetricsTests
{
    // 20 records, 4 inclusions found at positions 1, 2, 5 and 12.
    private static readonly bool[] Order = Enumerable.Range(1, 20).Select(p => p is 1 or 2 or 5 or 12).ToArray();

    [Fact]
    public void Wss95_counts_the_records_left_when_ceil_of_95_percent_of_inclusions_are_found()
    {
        // ⌈0.95·4⌉ = 4 inclusions need 12 records: (20 − 12)/20 − 0.05 = 0.35.
        Assert.Equal(0.35, ScreeningMetrics.WorkSavedOverSampling(Order, 0.95), 12);
    }

    [Fact]
    public void Recall_after_a_fraction_counts_inclusions_in_the_first_records()
    {
        Assert.Equal(0.5, ScreeningMetrics.RecallAfter(Order, 0.10)); // first 2 records
        Assert.Equal(0.75, ScreeningMetrics.RecallAfter(Order, 0.25)); // first 5 records
    }

    [Fact]
    public void Screening_in_random_order_saves_about_nothing()
    {
        var random = new Random(3);
        var shuffled = Enumerable.Range(0, 10_000).Select(_ => random.NextDouble() < 0.05).ToArray();

        Assert.InRange(ScreeningMetrics.WorkSavedOverSampling(shuffled, 0.95), -0.02, 0.02);
        Assert.InRange(ScreeningMetrics.RecallAfter(shuffled, 0.10), 0.08, 0.12);
    }
}

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
    public void Asreview_wss_is_the_recall_reached_less_the_share_screened_before_the_last_record()
    {
        // ASReview 0.9.3 Analysis.wss: the 4th inclusion is record 12 (step i = 11), y = 4/4, x = 11/20:
        // 1 − 0.55 = 0.45, against Cohen's 0.35; the gap is (1 − 0.95) + 1/20.
        Assert.Equal(0.45, ScreeningMetrics.AsreviewWss(Order, 0.95), 12);
        Assert.Equal(0.10, ScreeningMetrics.AsreviewWss(Order, 0.95) - ScreeningMetrics.WorkSavedOverSampling(Order, 0.95), 12);
    }

    [Fact]
    public void Asreview_wss_of_several_runs_reads_their_mean_recall_curve()
    {
        // A second run finding its 4 inclusions at records 1, 3, 4 and 6: alone it scores 1 − 5/20 = 0.75.
        var second = Enumerable.Range(1, 20).Select(p => p is 1 or 3 or 4 or 6).ToArray();

        Assert.Equal(0.75, ScreeningMetrics.AsreviewWss(second, 0.95), 12);
        // The mean curve reaches 95 % only when both runs have all 4, at record 12: 1 − 11/20 = 0.45,
        // not the mean of the two single-run values (0.60).
        Assert.Equal(0.45, ScreeningMetrics.AsreviewWssOfMeanCurve([Order, second], 0.95), 12);
    }

    [Fact]
    public void Asreview_rrf_counts_one_record_more_than_the_fraction()
    {
        // 5 % of 20 = 1 record; ASReview reads step i = 1, i.e. after 2 records.
        Assert.Equal(0.25, ScreeningMetrics.RecallAfter(Order, 0.05));
        Assert.Equal(0.5, ScreeningMetrics.AsreviewRrf(Order, 0.05));
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

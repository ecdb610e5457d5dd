using EvSysReview.Extraction.Core.Conversions;
using EvSysReview.Extraction.Core.Outcomes;

namespace EvSysReview.Extraction.Core.Tests;

public sealed class ConversionTests
{
    [Fact]
    public void Standard_error_times_root_n_gives_the_sd()
    {
        // R: 2.5 * sqrt(8)  → 7.07106781186548
        Assert.Equal(7.07106781186548, StandardErrorConversion.ToStandardDeviation(2.5, 8), 12);
    }

    [Fact]
    public void Confidence_interval_of_a_small_group_uses_t_as_in_the_cochrane_handbook_example()
    {
        // MathNet's t quantile agrees with R's qt to about 1e-11, hence 9 decimals where t is used.
        // Cochrane Handbook 6.5.2.2 worked example: experimental group n = 25, mean 32.1,
        // 95% CI 30.0 to 34.2; t(0.975, 24) = 2.0639, divisor 4.128, SD = √25 × 4.2 / 4.128 = 5.09.
        // R: sqrt(25)*(34.2-30.0)/(2*qt(0.975,24)) → 5.08745933313578
        var result = ConfidenceIntervalConversion.ToStandardDeviation(30.0, 34.2, 25);

        Assert.True(result.UsedTDistribution);
        Assert.Equal(4.128, result.Divisor, 3);
        Assert.Equal(5.09, Math.Round(result.Sd, 2));
        Assert.Equal(5.08745933313578, result.Sd, 9);
    }

    [Fact]
    public void Confidence_interval_of_the_handbook_control_group_uses_t_with_21_df()
    {
        // Same example, control group n = 22, 95% CI 26.5 to 30.1.
        // R: sqrt(22)*(30.1-26.5)/(2*qt(0.975,21)) → 4.05976734050245
        Assert.Equal(4.05976734050245, ConfidenceIntervalConversion.ToStandardDeviation(26.5, 30.1, 22).Sd, 9);
    }

    [Fact]
    public void Confidence_interval_up_to_100_uses_t_and_above_uses_3_92()
    {
        // R: sqrt(100)*(10.2-7.8)/(2*qt(0.975,99)) → 6.04772577434427
        var moderate = ConfidenceIntervalConversion.ToStandardDeviation(7.8, 10.2, 100);
        Assert.True(moderate.UsedTDistribution);
        Assert.Equal(6.04772577434427, moderate.Sd, 9);

        // R: sqrt(150)*(10.2-7.8)/(2*qnorm(0.975)) → 7.49857577620132 (divisor 3.92)
        var large = ConfidenceIntervalConversion.ToStandardDeviation(7.8, 10.2, 150);
        Assert.False(large.UsedTDistribution);
        Assert.Equal(3.92, large.Divisor, 2);
        Assert.Equal(7.49857577620132, large.Sd, 10);
    }

    [Fact]
    public void Ninety_percent_interval_uses_the_matching_quantile()
    {
        // R: sqrt(12)*(14-10)/(2*qt(0.95,11)) → 3.85782159196327
        Assert.Equal(3.85782159196327, ConfidenceIntervalConversion.ToStandardDeviation(10, 14, 12, 0.90).Sd, 9);
    }

    [Fact]
    public void Median_and_range_match_the_metaBLUE_worked_example()
    {
        // metaBLUE 1.0.0 documentation examples, X = c(1, 4, 10), n = 30, type "S1":
        // Luo.mean → 4.356748 (Luo et al. 2018), Wan.std → 2.205578 (Wan et al. 2014).
        // R: w <- 4/(4+30^0.75); w*(1+10)/2+(1-w)*4 → 4.3567476700836;
        //    (10-1)/(2*qnorm((30-0.375)/(30+0.25))) → 2.20557819720953
        Assert.Equal(4.356748, MedianConversion.MeanFromRange(1, 4, 10, 30), 6);
        Assert.Equal(2.205578, MedianConversion.SdFromRange(1, 10, 30), 6);
        Assert.Equal(4.3567476700836, MedianConversion.MeanFromRange(1, 4, 10, 30), 12);
        Assert.Equal(2.20557819720953, MedianConversion.SdFromRange(1, 10, 30), 12);
    }

    [Fact]
    public void Median_and_iqr_follow_luo_and_wan()
    {
        // R: w <- 0.7+0.39/10; w*(20.5+47.5)/2+(1-w)*32 → 33.478;
        //    (47.5-20.5)/(2*qnorm((0.75*10-0.125)/(10+0.25))) → 23.220093548281
        Assert.Equal(33.478, MedianConversion.MeanFromInterquartileRange(20.5, 32, 47.5, 10), 12);
        Assert.Equal(23.220093548281, MedianConversion.SdFromInterquartileRange(20.5, 47.5, 10), 11);
    }

    [Fact]
    public void Five_number_summary_follows_luo_and_wan()
    {
        // R: w1 <- 2.2/(2.2+10^0.75); w2 <- 0.7-0.72/10^0.55;
        //    w1*(12+60)/2 + w2*(20.5+47.5)/2 + (1-w1-w2)*32 → 34.1189815888689
        //    ((60-12)/(2*qnorm((10-0.375)/10.25)) + (47.5-20.5)/(2*qnorm((7.5-0.125)/10.25)))/2 → 19.3688249566293
        Assert.Equal(34.1189815888689, MedianConversion.MeanFromRangeAndInterquartileRange(12, 20.5, 32, 47.5, 60, 10), 11);
        Assert.Equal(19.3688249566293, MedianConversion.SdFromRangeAndInterquartileRange(12, 20.5, 47.5, 60, 10), 11);
    }

    [Fact]
    public void A_single_observation_cannot_be_converted()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MedianConversion.SdFromRange(1, 2, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ConfidenceIntervalConversion.ToStandardDeviation(1, 2, 1));
    }

    [Fact]
    public void Arm_estimates_say_where_the_sd_comes_from_and_by_which_method()
    {
        var fromSd = ArmSummaryConversion.ToEstimate(new ArmOutcomeData { ArmId = "a", Reported = ReportedSummary.MeanSd, Mean = 3, Sd = 1, N = 5 });
        Assert.Equal((3.0, 1.0, SdSource.Sd), (fromSd.Mean!.Value, fromSd.Sd!.Value, fromSd.SdSource!.Value));
        Assert.Null(fromSd.ConversionMethod);

        var fromCi = ArmSummaryConversion.ToEstimate(new ArmOutcomeData
        {
            ArmId = "a", Reported = ReportedSummary.MeanCi, Mean = 32.1, CiLower = 30.0, CiUpper = 34.2, N = 25,
        });
        Assert.Equal(SdSource.Ci, fromCi.SdSource);
        Assert.Equal(5.08745933313578, fromCi.Sd!.Value, 9);
        Assert.Equal("SD = √n·(upper − lower)/(2·t(df 24) = 4.128) from 95% CI (Cochrane Handbook 6.5.2.2)", fromCi.ConversionMethod);

        var fromMedian = ArmSummaryConversion.ToEstimate(new ArmOutcomeData
        {
            ArmId = "a", Reported = ReportedSummary.MedianRange, Median = 4, Minimum = 1, Maximum = 10, N = 30,
        });
        Assert.Equal(SdSource.Converted, fromMedian.SdSource);
        Assert.Equal(4.356748, fromMedian.Mean!.Value, 6);
        Assert.Equal("Luo 2018 mean + Wan 2014 SD from median and range", fromMedian.ConversionMethod);
    }
}

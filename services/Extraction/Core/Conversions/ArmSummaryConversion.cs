using System.Globalization;
using EvSysReview.Extraction.Core.Outcomes;

namespace EvSysReview.Extraction.Core.Conversions;

/// <summary>Turns what a paper reports for an arm into mean/SD/n, naming the method whenever one was applied.</summary>
public static class ArmSummaryConversion
{
    public const string StandardErrorMethod = "SD = SE·√n (Cochrane Handbook 6.5.2.2)";

    /// <exception cref="ArgumentException">The arm lacks a number its reported summary needs (validate first).</exception>
    public static ArmEstimate ToEstimate(ArmOutcomeData arm)
    {
        var n = Need(arm.N, arm, "n");
        return arm.Reported switch
        {
            ReportedSummary.MeanSd => new ArmEstimate
            {
                N = n, Mean = Need(arm.Mean, arm, "mean"), Sd = Need(arm.Sd, arm, "sd"), SdSource = SdSource.Sd,
            },
            ReportedSummary.MeanSe => new ArmEstimate
            {
                N = n, Mean = Need(arm.Mean, arm, "mean"),
                Sd = StandardErrorConversion.ToStandardDeviation(Need(arm.Se, arm, "se"), n),
                SdSource = SdSource.Se, ConversionMethod = StandardErrorMethod,
            },
            ReportedSummary.MeanCi => FromConfidenceInterval(arm, n),
            ReportedSummary.MedianIqr or ReportedSummary.MedianRange or ReportedSummary.MedianIqrRange =>
                FromMedian(arm, n),
            ReportedSummary.EventsTotal => new ArmEstimate { N = n, Events = Need(arm.Events, arm, "events") },
            _ => throw new ArgumentException($"Arm '{arm.ArmId}' does not say what is reported.", nameof(arm)),
        };
    }

    private static ArmEstimate FromConfidenceInterval(ArmOutcomeData arm, int n)
    {
        var level = arm.CiLevel ?? 0.95;
        var fromCi = ConfidenceIntervalConversion.ToStandardDeviation(
            Need(arm.CiLower, arm, "ciLower"), Need(arm.CiUpper, arm, "ciUpper"), n, level);
        var divisor = fromCi.UsedTDistribution
            ? $"2·t(df {n - 1}) = {Format(fromCi.Divisor)}"
            : $"2·z = {Format(fromCi.Divisor)}";
        return new ArmEstimate
        {
            N = n, Mean = Need(arm.Mean, arm, "mean"), Sd = fromCi.Sd, SdSource = SdSource.Ci,
            ConversionMethod = $"SD = √n·(upper − lower)/({divisor}) from {Format(level * 100)}% CI (Cochrane Handbook 6.5.2.2)",
        };
    }

    private static ArmEstimate FromMedian(ArmOutcomeData arm, int n)
    {
        var median = Need(arm.Median, arm, "median");
        var (scenario, mean, sd) = arm.Reported switch
        {
            ReportedSummary.MedianRange => (MedianScenario.Range,
                MedianConversion.MeanFromRange(Need(arm.Minimum, arm, "minimum"), median, Need(arm.Maximum, arm, "maximum"), n),
                MedianConversion.SdFromRange(arm.Minimum!.Value, arm.Maximum!.Value, n)),
            ReportedSummary.MedianIqr => (MedianScenario.InterquartileRange,
                MedianConversion.MeanFromInterquartileRange(Need(arm.Q1, arm, "q1"), median, Need(arm.Q3, arm, "q3"), n),
                MedianConversion.SdFromInterquartileRange(arm.Q1!.Value, arm.Q3!.Value, n)),
            _ => (MedianScenario.RangeAndInterquartileRange,
                MedianConversion.MeanFromRangeAndInterquartileRange(Need(arm.Minimum, arm, "minimum"),
                    Need(arm.Q1, arm, "q1"), median, Need(arm.Q3, arm, "q3"), Need(arm.Maximum, arm, "maximum"), n),
                MedianConversion.SdFromRangeAndInterquartileRange(arm.Minimum!.Value, arm.Q1!.Value, arm.Q3!.Value,
                    arm.Maximum!.Value, n)),
        };
        return new ArmEstimate
        {
            N = n, Mean = mean, Sd = sd, SdSource = SdSource.Converted, ConversionMethod = MedianConversion.MethodName(scenario),
        };
    }

    private static T Need<T>(T? value, ArmOutcomeData arm, string member) where T : struct =>
        value ?? throw new ArgumentException($"Arm '{arm.ArmId}' reports {arm.Reported} but has no {member}.", nameof(arm));

    private static string Format(double number) => number.ToString("0.###", CultureInfo.InvariantCulture);
}

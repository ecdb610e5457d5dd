using MathNet.Numerics.Distributions;

namespace EvSysReview.Extraction.Core.Conversions;

/// <summary>The three ways a paper may summarise a skew-suspect outcome by its median.</summary>
public enum MedianScenario
{
    /// <summary>Scenario S1 of both papers: minimum, median, maximum.</summary>
    Range,

    /// <summary>Wan's S3 / Luo's S2: first quartile, median, third quartile.</summary>
    InterquartileRange,

    /// <summary>Wan's S2 / Luo's S3: all five numbers.</summary>
    RangeAndInterquartileRange,
}

/// <summary>
/// Mean and SD estimated from median-based summaries, assuming normal data:
/// mean by Luo et al. 2018 (Stat Methods Med Res 27:1785), SD by Wan et al. 2014
/// (BMC Med Res Methodol 14:135), with Wan's closed-form approximations
/// ξ(n) = 2Φ⁻¹((n − 0.375)/(n + 0.25)) and η(n) = 2Φ⁻¹((0.75n − 0.125)/(n + 0.25)).
/// </summary>
public static class MedianConversion
{
    public static string MethodName(MedianScenario scenario) => scenario switch
    {
        MedianScenario.Range => "Luo 2018 mean + Wan 2014 SD from median and range",
        MedianScenario.InterquartileRange => "Luo 2018 mean + Wan 2014 SD from median and IQR",
        _ => "Luo 2018 mean + Wan 2014 SD from median, IQR and range",
    };

    /// <summary>Luo 2018, scenario S1: weight 4/(4 + n^0.75) on the mid-range.</summary>
    public static double MeanFromRange(double minimum, double median, double maximum, int n)
    {
        RequireN(n);
        var weight = 4 / (4 + Math.Pow(n, 0.75));
        return weight * (minimum + maximum) / 2 + (1 - weight) * median;
    }

    /// <summary>Luo 2018, scenario S2: weight 0.7 + 0.39/n on the mid-quartile.</summary>
    public static double MeanFromInterquartileRange(double q1, double median, double q3, int n)
    {
        RequireN(n);
        var weight = 0.7 + 0.39 / n;
        return weight * (q1 + q3) / 2 + (1 - weight) * median;
    }

    /// <summary>Luo 2018, scenario S3: weights 2.2/(2.2 + n^0.75) on the mid-range and 0.7 − 0.72/n^0.55 on the mid-quartile.</summary>
    public static double MeanFromRangeAndInterquartileRange(double minimum, double q1, double median, double q3,
        double maximum, int n)
    {
        RequireN(n);
        var rangeWeight = 2.2 / (2.2 + Math.Pow(n, 0.75));
        var quartileWeight = 0.7 - 0.72 / Math.Pow(n, 0.55);
        return rangeWeight * (minimum + maximum) / 2 + quartileWeight * (q1 + q3) / 2
            + (1 - rangeWeight - quartileWeight) * median;
    }

    /// <summary>Wan 2014, scenario S1: (max − min)/ξ(n).</summary>
    public static double SdFromRange(double minimum, double maximum, int n) =>
        (maximum - minimum) / Xi(n);

    /// <summary>Wan 2014, scenario S3: (q3 − q1)/η(n).</summary>
    public static double SdFromInterquartileRange(double q1, double q3, int n) =>
        (q3 - q1) / Eta(n);

    /// <summary>Wan 2014, scenario S2: the average of the range-based and IQR-based estimates.</summary>
    public static double SdFromRangeAndInterquartileRange(double minimum, double q1, double q3, double maximum, int n) =>
        ((maximum - minimum) / Xi(n) + (q3 - q1) / Eta(n)) / 2;

    private static double Xi(int n)
    {
        RequireN(n);
        return 2 * Normal.InvCDF(0, 1, (n - 0.375) / (n + 0.25));
    }

    private static double Eta(int n)
    {
        RequireN(n);
        return 2 * Normal.InvCDF(0, 1, (0.75 * n - 0.125) / (n + 0.25));
    }

    // With n = 1 both ξ and η are 0: one observation says nothing about spread.
    private static void RequireN(int n) => ArgumentOutOfRangeException.ThrowIfLessThan(n, 2);
}

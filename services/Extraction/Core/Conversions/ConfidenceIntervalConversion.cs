using MathNet.Numerics.Distributions;

namespace EvSysReview.Extraction.Core.Conversions;

/// <summary>An SD recovered from a confidence interval, with the divisor used (for the audit trail).</summary>
public sealed record ConfidenceIntervalSd(double Sd, double Divisor, bool UsedTDistribution);

/// <summary>
/// SD from the confidence interval of a group mean, Cochrane Handbook 6.5.2.2:
/// SD = √n·(upper − lower)/divisor, where the divisor is 2·z (3.92 for 95%) for large groups and
/// 2·t(n−1) for small ones. The Handbook calls groups above 100 large, below 60 small, and for
/// 60–100 says to use t when in doubt; so t is used for n ≤ 100 and z above.
/// </summary>
public static class ConfidenceIntervalConversion
{
    /// <summary>Largest group size for which the interval is taken to come from the t distribution.</summary>
    public const int LargestTDistributionN = 100;

    public static ConfidenceIntervalSd ToStandardDeviation(double lower, double upper, int n, double level = 0.95)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 2);
        if (upper < lower)
            throw new ArgumentOutOfRangeException(nameof(upper), "The upper limit is below the lower limit.");
        if (level is <= 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(level), "The level is a fraction between 0 and 1.");

        var tailProbability = 1 - (1 - level) / 2;
        var useT = n <= LargestTDistributionN;
        var quantile = useT
            ? StudentT.InvCDF(0, 1, n - 1, tailProbability)
            : Normal.InvCDF(0, 1, tailProbability);
        var divisor = 2 * quantile;
        return new ConfidenceIntervalSd(Math.Sqrt(n) * (upper - lower) / divisor, divisor, useT);
    }
}

using MathNet.Numerics;
using MathNet.Numerics.Distributions;

namespace EvSysReview.Synthesis.Engine.Models;

/// <summary>
/// P-values and critical values. Upper tails go through MathNet's regularised incomplete
/// gamma/beta and erfc directly rather than 1 − CDF, so p-values like 1e-20 (Q for dat.bcg with
/// moderators) keep their relative precision, as R's lower.tail = FALSE does.
/// </summary>
internal static class TailProbabilities
{
    public static double ChiSquaredUpper(double x, double df) =>
        x <= 0 ? 1 : SpecialFunctions.GammaUpperRegularized(df / 2, x / 2);

    public static double NormalTwoSided(double z) => SpecialFunctions.Erfc(Math.Abs(z) / Math.Sqrt(2));

    public static double StudentTTwoSided(double t, double df) =>
        SpecialFunctions.BetaRegularized(df / 2, 0.5, df / (df + t * t));

    public static double FUpper(double f, double df1, double df2) =>
        f <= 0 ? 1 : SpecialFunctions.BetaRegularized(df2 / 2, df1 / 2, df2 / (df2 + df1 * f));

    /// <summary>The two-sided critical value for a (1 − level) test: z or t with df.</summary>
    public static double Critical(double level, double? df) =>
        df is { } d
            ? StudentT.InvCDF(0, 1, d, 1 - (1 - level) / 2)
            : Normal.InvCDF(0, 1, 1 - (1 - level) / 2);

    public static double ChiSquaredQuantile(double probability, double df) => ChiSquared.InvCDF(df, probability);
}

namespace EvSysReview.Extraction.Core.Conversions;

/// <summary>SD from the standard error of a group mean: SD = SE·√n (Cochrane Handbook 6.5.2.2).</summary>
public static class StandardErrorConversion
{
    public static double ToStandardDeviation(double standardError, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(standardError);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        return standardError * Math.Sqrt(n);
    }
}

namespace EvSysReview.Synthesis.Tests.MetaAnalyses;

/// <summary>Relative comparison with an absolute floor, as the engine tests use (1e-6 relative, 1e-10 absolute).</summary>
internal static class Close
{
    public static void Equal(double expected, double actual, string what, double relative = 1e-6, double absolute = 1e-10)
    {
        var tolerance = Math.Max(absolute, relative * Math.Abs(expected));
        if (Math.Abs(expected - actual) > tolerance)
            throw new Xunit.Sdk.XunitException($"{what}: expected {expected:R}, got {actual:R} (tolerance {tolerance:G3}).");
    }
}

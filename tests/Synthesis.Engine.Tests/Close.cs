namespace EvSysReview.Synthesis.Engine.Tests;

/// <summary>Relative comparison with a small absolute floor for values that are exactly 0 in R.</summary>
internal static class Close
{
    public const double Tight = 1e-6;

    public static void Equal(double expected, double actual, double relative, string what, double absolute = 1e-10)
    {
        if (double.IsNaN(expected))
        {
            return; // R reported NA: nothing to compare (e.g. the tau^2 interval of an FE model)
        }

        var allowed = relative * Math.Abs(expected) + absolute;
        Assert.True(
            Math.Abs(expected - actual) <= allowed,
            $"{what}: expected {expected:R}, got {actual:R} (difference {Math.Abs(expected - actual):G3}, allowed {allowed:G3})");
    }

    public static void Equal(double expected, double? actual, double relative, string what, double absolute = 1e-10)
    {
        if (double.IsNaN(expected))
        {
            return;
        }

        Assert.True(actual.HasValue, $"{what}: expected {expected:R}, got null");
        Equal(expected, actual!.Value, relative, what, absolute);
    }

    public static void Equal(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double relative, string what, double absolute = 1e-10)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++) Equal(expected[i], actual[i], relative, $"{what}[{i}]", absolute);
    }
}

namespace EvSysReview.Synthesis.Engine.Models;

/// <summary>
/// The last guard of a fit: valid but extreme input (effects near 1e150 with tiny variances) can
/// overflow a statistic (Q = Σ wᵢ(yᵢ − μ)² to Infinity, then I² to NaN). A result must never carry
/// NaN or ±Inf (JSON cannot, and a reader would take it as a number), so the fit is refused as
/// Undefined instead.
/// </summary>
internal static class FiniteResults
{
    public static void Require(string name, double value)
    {
        if (!double.IsFinite(value))
        {
            throw new MetaAnalysisException(
                $"{name} is not a finite number ({value}): the effects or variances are too extreme to fit on a double's range.",
                kind: MetaAnalysisFailure.Undefined);
        }
    }

    public static void Require(string name, IEnumerable<double> values)
    {
        foreach (var value in values) Require(name, value);
    }
}

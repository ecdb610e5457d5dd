namespace EvSysReview.Synthesis.Engine.Models;

/// <summary>The generalised Q statistic Q(τ²) = Σ (yᵢ − xᵢ'b)² / (vᵢ + τ²), decreasing in τ².</summary>
internal static class GeneralisedQ
{
    /// <summary>
    /// A τ² with Q(τ²) below target, found by doubling from metafor's tau2.max default
    /// (max(100, 10·τ̂²)); metafor stops at that bound, we widen it instead of reporting "&gt; 100".
    /// </summary>
    public static double UpperBracket(LinearModelData data, double target, double start = 100)
    {
        var upper = start;
        for (var doubling = 0; doubling < 200; doubling++)
        {
            if (WeightedFit.AtTau2(data, upper).Rss < target)
            {
                return upper;
            }

            upper *= 2;
        }

        throw new MetaAnalysisException($"could not bracket tau^2: Q stays above {target:G6} for tau^2 up to {upper:G3}.", kind: MetaAnalysisFailure.NotConverged);
    }
}

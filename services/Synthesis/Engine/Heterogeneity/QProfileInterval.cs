using EvSysReview.Synthesis.Engine.Models;
using MathNet.Numerics.RootFinding;

namespace EvSysReview.Synthesis.Engine.Heterogeneity;

/// <summary>
/// Confidence interval for τ² by the Q-profile method (Viechtbauer 2007; confint.rma.uni, type "QP"):
/// the τ² values at which the generalised Q(τ²) crosses the χ²(k − p) quantiles. A bound is 0 when
/// Q(0) already lies below its quantile.
/// </summary>
internal static class QProfileInterval
{
    public readonly record struct Tau2Interval(double Lower, double Upper);

    internal static Tau2Interval Compute(LinearModelData data, double level, FitControl control)
    {
        var df = data.K - data.P;
        if (df < 1)
        {
            throw new MetaAnalysisException("the Q-profile interval for tau^2 needs more studies than coefficients.", kind: MetaAnalysisFailure.TooFewStudies);
        }

        var alpha = 1 - level;
        var criticalForLower = TailProbabilities.ChiSquaredQuantile(1 - alpha / 2, df);
        var criticalForUpper = TailProbabilities.ChiSquaredQuantile(alpha / 2, df);
        var qAtZero = WeightedFit.AtTau2(data, 0).Rss;
        return new Tau2Interval(
            Crossing(data, criticalForLower, qAtZero, control),
            Crossing(data, criticalForUpper, qAtZero, control));
    }

    private static double Crossing(LinearModelData data, double target, double qAtZero, FitControl control)
    {
        if (qAtZero < target)
        {
            return 0;
        }

        var upper = GeneralisedQ.UpperBracket(data, target);
        return Brent.FindRoot(t => WeightedFit.AtTau2(data, t).Rss - target, 0, upper, control.RootTolerance, control.MaxIterations * 10);
    }
}

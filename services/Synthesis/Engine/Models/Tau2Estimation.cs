using MathNet.Numerics.RootFinding;

namespace EvSysReview.Synthesis.Engine.Models;

/// <summary>
/// The τ² estimators of rma.uni, in metafor's order of operations so that results at metafor's
/// default convergence threshold agree with it to rounding, not just to the threshold.
/// </summary>
internal static class Tau2Estimation
{
    public readonly record struct Estimate(double Tau2, int Iterations);

    public static Estimate Run(LinearModelData data, Tau2Method method, FitControl control)
    {
        var estimate = method switch
        {
            Tau2Method.FE => new Estimate(0, 0),
            Tau2Method.HE => new Estimate(Hedges(data), 0),
            Tau2Method.DL => new Estimate(DerSimonianLaird(data), 0),
            Tau2Method.SJ => new Estimate(SidikJonkman(data, control), 0),
            Tau2Method.PM => new Estimate(PauleMandel(data, control), 0),
            Tau2Method.ML or Tau2Method.REML or Tau2Method.EB => FisherScoring(data, method, control),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
        };
        return estimate with { Tau2 = Math.Max(0, estimate.Tau2) };
    }

    // Method of moments on OLS residuals: (RSS − tr(P_ols V)) / (k − p).
    private static double Hedges(LinearModelData data)
    {
        var ones = new double[data.K];
        Array.Fill(ones, 1.0);
        var ols = WeightedFit.WithWeights(data, ones);
        // tr(P_ols V) = Σ vᵢ − tr((X'X)⁻¹ X'VX)
        var traceHatV = 0.0;
        for (var a = 0; a < data.P; a++)
        {
            for (var b = 0; b < data.P; b++)
            {
                var xvx = 0.0;
                for (var i = 0; i < data.K; i++) xvx += data.Columns[b][i] * data.V[i] * data.Columns[a][i];
                traceHatV += ols.Inverse[a, b] * xvx;
            }
        }

        var tracePV = data.V.Sum() - traceHatV;
        return (ols.Rss - tracePV) / (data.K - data.P);
    }

    private static double DerSimonianLaird(LinearModelData data)
    {
        var fixedFit = WeightedFit.AtTau2(data, 0);
        return (fixedFit.Rss - (data.K - data.P)) / fixedFit.TraceP;
    }

    // One step from the (population) variance of yi: τ̂² = τ₀² · Q(τ₀²) / (k − p).
    private static double SidikJonkman(LinearModelData data, FitControl control)
    {
        var mean = data.Y.Average();
        var start = control.Tau2Init ?? data.Y.Sum(y => (y - mean) * (y - mean)) / data.K;
        return start * WeightedFit.AtTau2(data, start).Rss / (data.K - data.P);
    }

    // The τ² at which the generalised Q equals its expectation k − p; Q(τ²) decreases in τ².
    private static double PauleMandel(LinearModelData data, FitControl control)
    {
        double target = data.K - data.P;
        double Excess(double tau2) => WeightedFit.AtTau2(data, tau2).Rss - target;
        if (Excess(0) < 0)
        {
            return 0;
        }

        var upper = GeneralisedQ.UpperBracket(data, target);
        return Brent.FindRoot(Excess, 0, upper, control.RootTolerance, control.MaxIterations * 10);
    }

    private static Estimate FisherScoring(LinearModelData data, Tau2Method method, FitControl control)
    {
        var tau2 = control.Tau2Init ?? Math.Max(0, Hedges(data));
        var change = control.Threshold + 1;
        var iterations = 0;
        while (change > control.Threshold)
        {
            iterations++;
            var previous = tau2;
            var fit = WeightedFit.AtTau2(data, tau2);
            var step = method switch
            {
                Tau2Method.ML => (fit.YPPy - fit.SumW) / fit.SumW2,
                Tau2Method.REML => (fit.YPPy - fit.TraceP) / fit.TracePP,
                _ => (fit.Rss * data.K / (data.K - data.P) - data.K) / fit.SumW, // EB
            };
            step *= control.StepAdjustment;
            if (!double.IsFinite(step))
            {
                step = 0;
            }

            // Step halving keeps τ² inside the parameter space.
            while (tau2 + step < 0) step /= 2;
            tau2 += step;
            change = Math.Abs(previous - tau2);
            if (iterations > control.MaxIterations)
            {
                throw new MetaAnalysisException(
                    $"Fisher scoring for the {method} estimate of tau^2 did not converge within {control.MaxIterations} iterations (last change {change:G3}, threshold {control.Threshold:G3}). Try more iterations, a step adjustment below 1 (metafor: stepadj=0.5), or another estimator.",
                    kind: MetaAnalysisFailure.NotConverged);
            }
        }

        if (method != Tau2Method.EB && LikelihoodAtZeroIsHigher(data, method, tau2, control))
        {
            tau2 = 0;
        }

        return new Estimate(tau2, iterations);
    }

    // metafor's ll0check: a local maximum inside the space is rejected if τ² = 0 is more likely.
    private static bool LikelihoodAtZeroIsHigher(LinearModelData data, Tau2Method method, double tau2, FitControl control)
    {
        const double likelihoodTolerance = 1.220703125e-4; // .Machine$double.eps^0.25, metafor's tol
        if (tau2 <= control.Threshold)
        {
            return false;
        }

        var atZero = LogLikelihood(data, method, 0);
        var atEstimate = LogLikelihood(data, method, tau2);
        return atZero - atEstimate > likelihoodTolerance;
    }

    public static double LogLikelihood(LinearModelData data, Tau2Method method, double tau2)
    {
        var fit = WeightedFit.AtTau2(data, tau2);
        var sumLogV = data.V.Sum(v => Math.Log(v + tau2));
        return method == Tau2Method.ML
            ? -0.5 * data.K * Math.Log(2 * Math.PI) - 0.5 * sumLogV - 0.5 * fit.Rss
            : -0.5 * (data.K - data.P) * Math.Log(2 * Math.PI) - 0.5 * sumLogV - 0.5 * fit.LogDetXtWX - 0.5 * fit.Rss;
    }
}

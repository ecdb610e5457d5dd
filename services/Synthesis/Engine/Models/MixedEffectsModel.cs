namespace EvSysReview.Synthesis.Engine.Models;

/// <summary>rma.uni: estimate τ², then weighted least squares at 1/(vi + τ²), then tests.</summary>
internal static class MixedEffectsModel
{
    private const double MachineEpsilon = 2.220446049250313e-16; // R's .Machine$double.eps

    public static ModelFit Fit(LinearModelData data, MetaAnalysisOptions options)
    {
        int k = data.K, p = data.P;
        if (k == 0)
        {
            throw new MetaAnalysisException("no studies to analyse.", kind: MetaAnalysisFailure.TooFewStudies);
        }

        if (options.IsRandomEffects && k == 1)
        {
            throw new MetaAnalysisException(
                $"a random-effects model ({options.Method}) needs at least 2 studies; only '{data.Studies[0].Label}' was given. Use the fixed-effect model or wait for more studies.",
                data.Studies[0].Label,
                kind: MetaAnalysisFailure.TooFewStudies);
        }

        if (options.IsRandomEffects ? k < p + 1 : k < p)
        {
            throw new MetaAnalysisException($"{k} studies cannot estimate {p} coefficients{(options.IsRandomEffects ? " and tau^2" : "")}.", kind: MetaAnalysisFailure.TooFewStudies);
        }

        if (options.KnappHartung && k == p)
        {
            throw new MetaAnalysisException("the Knapp-Hartung test needs more studies than coefficients.", kind: MetaAnalysisFailure.TooFewStudies);
        }

        if (options.Level is <= 0 or >= 1)
        {
            throw new MetaAnalysisException($"level must lie strictly between 0 and 1 but is {options.Level}.");
        }

        var tau2Estimate = Tau2Estimation.Run(data, options.Method, options.Control);
        var tau2 = tau2Estimate.Tau2;
        var fit = WeightedFit.AtTau2(data, tau2);

        // Knapp–Hartung scales the covariance by the weighted residual mean square (not truncated at 1,
        // as metafor's test="knha"; "adhoc" would truncate).
        var scale = 1.0;
        double? df = null;
        if (options.KnappHartung)
        {
            scale = fit.Rss <= MachineEpsilon ? 0 : fit.Rss / (k - p);
            df = k - p;
        }

        var covariance = new double[p, p];
        for (var a = 0; a < p; a++)
        {
            for (var b = 0; b < p; b++) covariance[a, b] = scale * fit.Inverse[a, b];
        }

        var critical = TailProbabilities.Critical(options.Level, df);
        var se = new double[p];
        var statistic = new double[p];
        var pValues = new double[p];
        var lower = new double[p];
        var upper = new double[p];
        for (var a = 0; a < p; a++)
        {
            se[a] = Math.Sqrt(covariance[a, a]);
            statistic[a] = fit.Beta[a] / se[a];
            pValues[a] = df is { } d ? TailProbabilities.StudentTTwoSided(statistic[a], d) : TailProbabilities.NormalTwoSided(statistic[a]);
            lower[a] = fit.Beta[a] - critical * se[a];
            upper[a] = fit.Beta[a] + critical * se[a];
        }

        if (se.Any(v => !(v > 0) || !double.IsFinite(v)) || statistic.Any(v => !double.IsFinite(v)))
        {
            // Happens when Knapp–Hartung scales by a zero residual (all effects identical): metafor
            // reports SE = 0 and z = Inf; we refuse rather than emit values JSON cannot carry.
            throw new MetaAnalysisException(
                $"the standard error of a coefficient is {se.Min():G3}: the studies leave no residual variation{(options.KnappHartung ? " for the Knapp-Hartung scale" : "")}.",
                kind: MetaAnalysisFailure.Undefined);
        }

        var (qe, qep, i2, h2) = Heterogeneity(data, options.Method, tau2);
        var weights = new double[k];
        for (var i = 0; i < k; i++) weights[i] = 1 / (data.V[i] + tau2);
        RequireFinite(fit.Beta, lower, upper, pValues, tau2, qe, qep, i2, h2, weights);

        return new ModelFit
        {
            Data = data,
            Options = options,
            Beta = fit.Beta,
            Covariance = covariance,
            Se = se,
            Statistic = statistic,
            PValues = pValues,
            CiLower = lower,
            CiUpper = upper,
            Df = df,
            Critical = critical,
            Tau2 = tau2,
            Iterations = tau2Estimate.Iterations,
            QE = qe,
            QEp = qep,
            I2 = i2,
            H2 = h2,
            Weights = weights,
        };
    }

    private static void RequireFinite(double[] beta, double[] lower, double[] upper, double[] pValues, double tau2, double qe, double qep, double i2, double h2, double[] weights)
    {
        FiniteResults.Require("an estimate", beta);
        FiniteResults.Require("a confidence limit", lower.Concat(upper));
        FiniteResults.Require("a p-value", pValues);
        FiniteResults.Require("tau^2", tau2);
        FiniteResults.Require("Q", qe);
        FiniteResults.Require("Q's p-value", qep);
        FiniteResults.Require("I^2", i2);
        FiniteResults.Require("H^2", h2);
        FiniteResults.Require("a study's weight", weights.Append(weights.Sum()));
    }

    // Q at fixed-effect weights; I² and H² from τ² and the "typical" within-study variance
    // (k − p)/tr(P) (Higgins & Thompson 2002; metafor's i2def = "1"), or from Q under FE.
    private static (double Q, double QP, double I2, double H2) Heterogeneity(LinearModelData data, Tau2Method method, double tau2)
    {
        var df = data.K - data.P;
        if (df == 0)
        {
            return (0, 1, 0, 1);
        }

        var fixedFit = WeightedFit.AtTau2(data, 0);
        var q = Math.Max(0, fixedFit.Rss);
        var qp = TailProbabilities.ChiSquaredUpper(q, df);
        if (method == Tau2Method.FE)
        {
            return (q, qp, q > 0 ? Math.Max(0, 100 * (q - df) / q) : 0, q / df);
        }

        var typicalVariance = df / fixedFit.TraceP;
        return (q, qp, 100 * tau2 / (typicalVariance + tau2), tau2 / typicalVariance + 1);
    }
}

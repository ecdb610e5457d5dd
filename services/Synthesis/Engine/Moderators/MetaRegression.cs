using EvSysReview.Synthesis.Engine.EffectSizes;
using EvSysReview.Synthesis.Engine.Models;
using MathNet.Numerics.LinearAlgebra;

namespace EvSysReview.Synthesis.Engine.Moderators;

/// <summary>Mixed-effects meta-regression: rma(yi, vi, mods = ~ m1 + m2 ..., method=..., test=...).</summary>
public static class MetaRegression
{
    public static MetaRegressionResult Fit(IReadOnlyList<StudyEffect> studies, IReadOnlyList<Moderator> moderators, MetaAnalysisOptions? options = null)
    {
        options ??= MetaAnalysisOptions.Default;
        if (moderators.Count == 0)
        {
            throw new MetaAnalysisException("meta-regression needs at least one moderator; use MetaAnalysis.Fit for a pooled estimate.");
        }

        var data = DesignMatrix.Build(studies, moderators);
        var fit = MixedEffectsModel.Fit(data, options);
        var (qm, qmp) = OmnibusTest(fit);
        FiniteResults.Require("QM", qm);
        FiniteResults.Require("QM's p-value", qmp);
        var totalWeight = fit.Weights.Sum();
        return new MetaRegressionResult
        {
            Method = options.Method,
            KnappHartung = options.KnappHartung,
            K = fit.K,
            Coefficients = data.ColumnNames.Select((name, a) => new Coefficient(
                name,
                fit.Beta[a],
                fit.Se[a],
                fit.Df is null ? fit.Statistic[a] : null,
                fit.Df is null ? null : fit.Statistic[a],
                fit.PValues[a],
                fit.CiLower[a],
                fit.CiUpper[a])).ToList(),
            QM = qm,
            QMDf = fit.P - 1,
            QMDenominatorDf = fit.Df is null ? null : fit.K - fit.P,
            QMp = qmp,
            QE = fit.QE,
            QEDf = fit.K - fit.P,
            QEp = fit.QEp,
            Tau2 = fit.Tau2,
            Tau = Math.Sqrt(fit.Tau2),
            I2 = fit.I2,
            H2 = fit.H2,
            R2 = ExplainedHeterogeneity(studies, fit),
            Iterations = fit.Iterations,
            Studies = studies.Select((s, i) => new StudyWeight(s.Label, s.Yi, s.Vi, 100 * fit.Weights[i] / totalWeight)).ToList(),
        };
    }

    // Wald test of all coefficients except the intercept: b' V⁻¹ b, divided by m under Knapp–Hartung.
    private static (double QM, double QMp) OmnibusTest(ModelFit fit)
    {
        var m = fit.P - 1;
        var b = Vector<double>.Build.Dense(m, a => fit.Beta[a + 1]);
        var covariance = Matrix<double>.Build.Dense(m, m, (a, c) => fit.Covariance[a + 1, c + 1]);
        var qm = b.DotProduct(covariance.Cholesky().Solve(b));
        return fit.Df is { } df
            ? (qm / m, TailProbabilities.FUpper(qm / m, m, df))
            : (qm, TailProbabilities.ChiSquaredUpper(qm, m));
    }

    private static double? ExplainedHeterogeneity(IReadOnlyList<StudyEffect> studies, ModelFit fit)
    {
        if (fit.Options.Method == Tau2Method.FE)
        {
            // metafor: adjusted R² of lm(yi ~ X, weights = 1/vi). With as many studies as
            // coefficients the fit is exact and the adjustment divides by k − p = 0: metafor
            // reports NA, so there is no R² (not NaN, which JSON cannot carry).
            if (fit.K == fit.P)
            {
                return null;
            }

            var totalQ = WeightedFit.AtTau2(LinearModelData.InterceptOnly(studies), 0).Rss;
            if (totalQ <= 0)
            {
                return 0;
            }

            var r2 = 1 - fit.QE / totalQ;
            return Math.Max(0, 100 * (1 - (1 - r2) * (fit.K - 1) / (fit.K - fit.P)));
        }

        var pooled = MixedEffectsModel.Fit(LinearModelData.InterceptOnly(studies), fit.Options with { KnappHartung = false });
        return pooled.Tau2 <= 0 ? 0 : Math.Max(0, 100 * (pooled.Tau2 - fit.Tau2) / pooled.Tau2);
    }
}

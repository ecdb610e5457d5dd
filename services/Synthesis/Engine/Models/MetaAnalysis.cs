using EvSysReview.Synthesis.Engine.EffectSizes;
using EvSysReview.Synthesis.Engine.Heterogeneity;

namespace EvSysReview.Synthesis.Engine.Models;

/// <summary>Pooled (intercept-only) fixed- or random-effects meta-analysis: rma(yi, vi, method=..., test=...).</summary>
public static class MetaAnalysis
{
    public static MetaAnalysisResult Fit(IReadOnlyList<StudyEffect> studies, MetaAnalysisOptions? options = null)
    {
        options ??= MetaAnalysisOptions.Default;
        return Summarise(MixedEffectsModel.Fit(LinearModelData.InterceptOnly(studies), options));
    }

    internal static MetaAnalysisResult Summarise(ModelFit fit)
    {
        var options = fit.Options;
        var estimate = fit.Beta[0];
        var se = fit.Se[0];

        // predict.rma: the prediction interval uses the same critical value as the CI (z, or t(k − p)
        // under Knapp–Hartung) with variance SE² + τ².
        var predictionHalfWidth = fit.Critical * Math.Sqrt(se * se + fit.Tau2);
        FiniteResults.Require("a prediction limit", [estimate - predictionHalfWidth, estimate + predictionHalfWidth]);
        QProfileInterval.Tau2Interval? tau2Interval = options.IsRandomEffects && options.Tau2Interval
            ? QProfileInterval.Compute(fit.Data, options.Level, options.Control)
            : null;

        var totalWeight = fit.Weights.Sum();
        var studies = fit.Data.Studies
            .Select((s, i) => new StudyWeight(s.Label, s.Yi, s.Vi, 100 * fit.Weights[i] / totalWeight))
            .ToList();

        return new MetaAnalysisResult
        {
            Method = options.Method,
            KnappHartung = options.KnappHartung,
            Level = options.Level,
            K = fit.K,
            Estimate = estimate,
            Se = se,
            CiLower = fit.CiLower[0],
            CiUpper = fit.CiUpper[0],
            ZVal = fit.Df is null ? fit.Statistic[0] : null,
            TVal = fit.Df is null ? null : fit.Statistic[0],
            Df = fit.Df,
            PVal = fit.PValues[0],
            Tau2 = fit.Tau2,
            Tau2CiLower = tau2Interval?.Lower,
            Tau2CiUpper = tau2Interval?.Upper,
            Tau = Math.Sqrt(fit.Tau2),
            I2 = fit.I2,
            H2 = fit.H2,
            Q = fit.QE,
            QDf = fit.K - fit.P,
            QP = fit.QEp,
            PiLower = estimate - predictionHalfWidth,
            PiUpper = estimate + predictionHalfWidth,
            Iterations = fit.Iterations,
            Studies = studies,
        };
    }
}

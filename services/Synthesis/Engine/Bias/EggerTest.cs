using EvSysReview.Synthesis.Engine.EffectSizes;
using EvSysReview.Synthesis.Engine.Models;
using EvSysReview.Synthesis.Engine.Moderators;

namespace EvSysReview.Synthesis.Engine.Bias;

/// <summary>Which regression regtest() fits.</summary>
public enum EggerModel
{
    /// <summary>regtest(model = "rma"), the default: the meta-analytic model with SE as moderator.</summary>
    MixedEffects,
    /// <summary>regtest(model = "lm"): Egger's classic weighted regression with a free residual variance.</summary>
    WeightedLeastSquares,
}

/// <summary>
/// Egger's regression test for funnel-plot asymmetry. Statistic is z (or t under Knapp–Hartung and
/// for the classic model) for the slope on the standard error; LimitEstimate is the intercept, the
/// effect expected for a study with SE → 0.
/// </summary>
public sealed record EggerResult(
    EggerModel Model,
    double Slope,
    double Statistic,
    double PVal,
    double? Df,
    double LimitEstimate,
    double LimitCiLower,
    double LimitCiUpper);

public static class EggerTest
{
    public static EggerResult Run(IReadOnlyList<StudyEffect> studies, MetaAnalysisOptions? options = null, EggerModel model = EggerModel.MixedEffects)
    {
        options ??= MetaAnalysisOptions.Default;
        if (studies.Count < 3)
        {
            throw new MetaAnalysisException("Egger's test needs at least 3 studies.", kind: MetaAnalysisFailure.TooFewStudies);
        }

        var standardErrors = new ContinuousModerator("sei", studies.Select(s => Math.Sqrt(s.Vi)).ToList());
        if (model == EggerModel.MixedEffects)
        {
            var fit = MetaRegression.Fit(studies, [standardErrors], options);
            var (intercept, slope) = (fit.Coefficients[0], fit.Coefficients[1]);
            return new EggerResult(model, slope.Estimate, slope.ZVal ?? slope.TVal!.Value, slope.PVal, fit.QMDenominatorDf,
                intercept.Estimate, intercept.CiLower, intercept.CiUpper);
        }

        return ClassicRegression(studies, standardErrors, options.Level);
    }

    // lm(yi ~ sei, weights = 1/vi): the FE fit's covariance scaled by the residual mean square.
    private static EggerResult ClassicRegression(IReadOnlyList<StudyEffect> studies, ContinuousModerator standardErrors, double level)
    {
        var data = DesignMatrix.Build(studies, [standardErrors]);
        var fit = WeightedFit.AtTau2(data, 0);
        var df = data.K - 2;
        var residualVariance = fit.Rss / df;
        var seIntercept = Math.Sqrt(residualVariance * fit.Inverse[0, 0]);
        var seSlope = Math.Sqrt(residualVariance * fit.Inverse[1, 1]);
        var t = fit.Beta[1] / seSlope;
        var critical = TailProbabilities.Critical(level, df);
        return new EggerResult(EggerModel.WeightedLeastSquares, fit.Beta[1], t, TailProbabilities.StudentTTwoSided(t, df), df,
            fit.Beta[0], fit.Beta[0] - critical * seIntercept, fit.Beta[0] + critical * seIntercept);
    }
}

using EvSysReview.Synthesis.Engine;
using EvSysReview.Synthesis.Engine.Models;

namespace EvSysReview.Synthesis.MetaAnalyses;

/// <summary>
/// Runs a fit, and when REML/ML/EB Fisher scoring does not converge, runs it once more with half
/// steps: metafor's documented remedy (control=list(stepadj=0.5)). The second failure is reported.
/// </summary>
public static class ModelFitting
{
    public const double HalfSteps = 0.5;

    public static (T Result, bool HalvedSteps) Fit<T>(MetaAnalysisOptions options, Func<MetaAnalysisOptions, T> fit)
    {
        try
        {
            return (fit(options), false);
        }
        catch (MetaAnalysisException e) when (e.Kind == MetaAnalysisFailure.NotConverged && options.Control.StepAdjustment != HalfSteps)
        {
            return (fit(options with { Control = options.Control with { StepAdjustment = HalfSteps } }), true);
        }
    }
}

using EvSysReview.Synthesis.Engine.EffectSizes;
using EvSysReview.Synthesis.Engine.Models;

namespace EvSysReview.Synthesis.Engine.Sensitivity;

/// <summary>leave1out(): the model refitted k times, each time without one study.</summary>
public static class LeaveOneOut
{
    public static IReadOnlyList<SensitivityRow> Run(IReadOnlyList<StudyEffect> studies, MetaAnalysisOptions? options = null)
    {
        options ??= MetaAnalysisOptions.Default;
        if (studies.Count < 2)
        {
            throw new MetaAnalysisException("leave-one-out needs at least 2 studies.", kind: MetaAnalysisFailure.TooFewStudies);
        }

        return studies
            .Select((omitted, i) => new SensitivityRow(
                omitted.Label,
                MetaAnalysis.Fit(studies.Where((_, j) => j != i).ToList(), options)))
            .ToList();
    }
}

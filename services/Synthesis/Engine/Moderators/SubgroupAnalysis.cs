using EvSysReview.Synthesis.Engine.EffectSizes;
using EvSysReview.Synthesis.Engine.Models;

namespace EvSysReview.Synthesis.Engine.Moderators;

/// <summary>
/// Fits the model separately within each subgroup, then tests whether the subgroup estimates differ
/// (metafor: rma(estimates, sei = ses, mods = ~ group, method = "FE"), whose QM equals Q between).
/// </summary>
public static class SubgroupAnalysis
{
    public static SubgroupResult Fit(IReadOnlyList<StudyEffect> studies, IReadOnlyList<string> groups, MetaAnalysisOptions? options = null)
    {
        options ??= MetaAnalysisOptions.Default;
        if (groups.Count != studies.Count)
        {
            throw new MetaAnalysisException($"{groups.Count} subgroup labels for {studies.Count} studies.", field: nameof(groups));
        }

        var subgroups = groups
            .Select((group, i) => (Group: group, Study: studies[i]))
            .GroupBy(x => x.Group)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new Subgroup(g.Key, FitSubgroup(g.Key, g.Select(x => x.Study).ToList(), options)))
            .ToList();
        if (subgroups.Count < 2)
        {
            throw new MetaAnalysisException("a test for subgroup differences needs at least two subgroups.", kind: MetaAnalysisFailure.TooFewStudies);
        }

        var estimates = subgroups.Select(s => new StudyEffect(s.Name, s.Result.Estimate, s.Result.Se * s.Result.Se)).ToList();
        var between = MixedEffectsModel.Fit(LinearModelData.InterceptOnly(estimates), new MetaAnalysisOptions { Method = Tau2Method.FE });
        return new SubgroupResult(subgroups, MetaAnalysis.Fit(studies, options), between.QE, subgroups.Count - 1, between.QEp);
    }

    // A single-study subgroup cannot estimate τ²; like metafor's rma() with k = 1 it is reported
    // as that study with τ² = 0 rather than dropping the subgroup.
    private static MetaAnalysisResult FitSubgroup(string name, IReadOnlyList<StudyEffect> members, MetaAnalysisOptions options)
    {
        try
        {
            return MetaAnalysis.Fit(members, members.Count == 1 ? options with { Method = Tau2Method.FE, KnappHartung = false } : options);
        }
        catch (MetaAnalysisException e)
        {
            throw new MetaAnalysisException($"subgroup '{name}': {e.Detail}", e.StudyLabel, e.Field, e.Kind);
        }
    }
}

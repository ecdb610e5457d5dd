using EvSysReview.Synthesis.Engine.EffectSizes;
using EvSysReview.Synthesis.Engine.Models;

namespace EvSysReview.Synthesis.Engine.Sensitivity;

/// <summary>
/// cumul(res, order = date): studies added one at a time in order of publication date (ties keep
/// input order, as R's order() does); row j is the model over the first j studies. The first row
/// (k = 1) is that study alone with τ² = 0, as metafor reports it.
/// </summary>
public static class CumulativeMetaAnalysis
{
    public static IReadOnlyList<SensitivityRow> Run<TDate>(
        IReadOnlyList<StudyEffect> studies,
        IReadOnlyList<TDate> publicationDates,
        MetaAnalysisOptions? options = null)
        where TDate : IComparable<TDate>
    {
        options ??= MetaAnalysisOptions.Default;
        if (publicationDates.Count != studies.Count)
        {
            throw new MetaAnalysisException($"{publicationDates.Count} publication dates for {studies.Count} studies.", field: nameof(publicationDates));
        }

        var ordered = Enumerable.Range(0, studies.Count)
            .OrderBy(i => publicationDates[i]) // LINQ OrderBy is stable
            .Select(i => studies[i])
            .ToList();
        var rows = new List<SensitivityRow>(ordered.Count);
        for (var j = 1; j <= ordered.Count; j++)
        {
            var stepOptions = j == 1 ? options with { Method = Tau2Method.FE, KnappHartung = false } : options;
            rows.Add(new SensitivityRow(ordered[j - 1].Label, MetaAnalysis.Fit(ordered.Take(j).ToList(), stepOptions)));
        }

        return rows;
    }
}

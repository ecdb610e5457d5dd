using System.Text.RegularExpressions;
using EvSysReview.Contracts.Extraction;
using EvSysReview.Synthesis.Engine;
using EvSysReview.Synthesis.Engine.Bias;
using EvSysReview.Synthesis.Engine.EffectSizes;
using EvSysReview.Synthesis.Engine.Models;
using EvSysReview.Synthesis.Engine.Moderators;
using EvSysReview.Synthesis.Engine.Sensitivity;
using EvSysReview.Synthesis.Evidence;
using EvSysReview.Synthesis.MetaAnalyses;

namespace EvSysReview.Synthesis.Versions;

/// <summary>
/// The service's recompute function: from the plan and the evidence (included studies with a
/// final extraction) to every analysis of a project. Pure and deterministic, so the same inputs
/// give byte-identical analyses and "did anything change" is a comparison of results.
/// Rules (docs/synthesis.md): one analysis per outcome with at least 2 studies; each study
/// contributes its latest time point (all comparisons there, shared controls already split by
/// extraction); higher-is-worse outcomes are sign-flipped so positive always favours treatment.
/// </summary>
public static partial class SynthesisRecomputation
{
    public const string HigherIsWorse = "higher-is-worse";

    public static IReadOnlyList<Analysis> Compute(SynthesisPlan plan, IEnumerable<EvidenceStudy> evidence)
    {
        var rows = evidence
            .Where(s => s.Included && s.Extraction is not null)
            .OrderBy(s => s.Label, StringComparer.Ordinal).ThenBy(s => s.StudyId)
            .SelectMany(s => s.Extraction!.Outcomes.Select(o => new Row(s, o)))
            .ToList();
        var ids = new HashSet<string>();
        var analyses = new List<Analysis>();
        foreach (var outcome in rows.GroupBy(r => r.Outcome.Outcome).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var latest = outcome.GroupBy(r => r.Study.StudyId).SelectMany(LatestTimePoint).ToList();
            if (latest.Select(r => r.Study.StudyId).Distinct().Count() < 2) continue;
            analyses.Add(Analyse(plan, UniqueId(outcome.Key, ids), outcome.Key, latest));
        }

        return analyses;
    }

    public static MetaAnalysisOptions Options(string method, string test, double level = 95) =>
        new() { Method = Enum.Parse<Tau2Method>(method), KnappHartung = test == "knha", Level = level / 100 };

    private sealed record Row(EvidenceStudy Study, OutcomeComparisonData Outcome)
    {
        public bool IsContinuous => Outcome.Treatment is { Mean: not null, Sd: not null } && Outcome.Control is { Mean: not null, Sd: not null };

        public bool IsDichotomous => Outcome.Treatment.Events is not null && Outcome.Control.Events is not null;
    }

    // Latest by time point in days; text that does not parse sorts first; ties keep the first in text order.
    private static IEnumerable<Row> LatestTimePoint(IEnumerable<Row> studyRows)
    {
        var byTime = studyRows.GroupBy(r => r.Outcome.TimePoint ?? "").OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var latest = byTime.OrderByDescending(g => TimePointOrder.Days(g.Key) ?? double.NegativeInfinity).First();
        return latest.OrderBy(r => r.Outcome.Comparison ?? "", StringComparer.Ordinal).ThenBy(r => r.Outcome.Key, StringComparer.Ordinal);
    }

    private static Analysis Analyse(SynthesisPlan plan, string id, string outcome, IReadOnlyList<Row> rows)
    {
        var notes = new List<string>(plan.Notes);
        var continuousStudies = rows.Where(r => r.IsContinuous).Select(r => r.Study.StudyId).Distinct().Count();
        var dichotomousStudies = rows.Where(r => r.IsDichotomous).Select(r => r.Study.StudyId).Distinct().Count();
        var dichotomous = dichotomousStudies > continuousStudies;
        var measure = plan.MeasureFor(dichotomous);
        var options = Options(plan.Method, plan.Test);
        var labels = RowLabels(rows);

        var analysed = new List<AnalysedStudy>();
        foreach (var row in rows)
        {
            var label = labels[row];
            if (dichotomous ? !row.IsDichotomous : !row.IsContinuous)
            {
                notes.Add($"{label}: left out, no {(dichotomous ? "event counts" : "means and SDs")} in both arms.");
                continue;
            }

            try
            {
                var effect = EffectOf(measure, label, row.Outcome);
                var flip = row.Outcome.Direction == HigherIsWorse;
                analysed.Add(new AnalysedStudy(
                    row.Study.StudyId, row.Study.Label, label, row.Outcome.Comparison, row.Outcome.TimePoint, row.Study.Year,
                    flip ? -effect.Yi : effect.Yi, effect.Vi, flip, row.Study.HighRisk, row.Study.Retracted, row.Study.Extraction!.StudyFields));
            }
            catch (MetaAnalysisException e)
            {
                notes.Add($"{label}: left out, {e.Detail}{(e.Field is null ? "" : $" ({e.Field})")}");
            }
        }

        analysed = DistinctLabels(analysed);
        if (analysed.Any(a => a.Flipped)) notes.Add("Higher values are worse for this outcome: effects are sign-flipped so that positive favours treatment.");
        if (analysed.Any(a => a.Retracted)) notes.Add($"Retracted: {string.Join(", ", analysed.Where(a => a.Retracted).Select(a => a.Label))}.");

        var analysis = new Analysis
        {
            Id = id,
            Outcome = outcome,
            Unit = rows.Select(r => r.Outcome.Unit).FirstOrDefault(u => u is not null),
            DataType = dichotomous ? "dichotomous" : "continuous",
            Measure = measure.ToString(),
            Method = plan.Method,
            Test = plan.Test,
            Studies = analysed,
            Notes = notes,
        };
        if (analysed.Select(a => a.StudyId).Distinct().Count() < 2)
            return analysis with { Error = new AnalysisError(nameof(MetaAnalysisFailure.TooFewStudies), "Fewer than 2 studies have usable data.", null) };

        var effects = Effects(analysed);
        var (result, error) = Pool(effects, options, analysis.Measure);
        if (result is null) return analysis with { Error = error };

        // The pooled and sensitivity results carry the Q-profile CI for τ²; the steps below report
        // what rma() itself gives (leave1out, cumul, subgroup fits, trimfill show no τ² interval),
        // so they are fitted without it: the Q-profile's root finding is most of a fit's cost.
        var plain = options with { Tau2Interval = false };
        var smallStudy = effects.Count >= plan.SmallStudyTestsFromK;
        if (!smallStudy) notes.Add($"Egger's test and trim-and-fill are run from {plan.SmallStudyTestsFromK} studies (the protocol's smallStudyTestsFromK); this analysis has {effects.Count}.");
        return analysis with
        {
            Result = result,
            Subgroups = plan.Subgroups.Select(field => Split(field, analysed, effects, plain)).ToList(),
            Sensitivity = plan.SensitivityWithoutHighRisk ? WithoutHighRisk(analysed, options, analysis.Measure) : null,
            Cumulative = Cumulative(analysed, effects, plain),
            LeaveOneOut = LeaveOneOutRows(effects, plain, notes),
            Egger = smallStudy ? Egger(effects, plain, notes) : null,
            TrimFill = smallStudy ? TrimAndFillOf(effects, plain, notes) : null,
            Notes = notes, // the same list, with what the steps above added
        };
    }

    private static IReadOnlyList<LeaveOneOutRow> LeaveOneOutRows(IReadOnlyList<StudyEffect> effects, MetaAnalysisOptions options, List<string> notes)
    {
        if (effects.Count < 3) return []; // without one of two rows there is nothing left to pool
        try
        {
            var (rows, _) = ModelFitting.Fit(options, o => LeaveOneOut.Run(effects, o));
            return rows.Select(r => new LeaveOneOutRow(r.StudyLabel, r.Result.K, r.Result.Estimate, r.Result.Se, r.Result.CiLower, r.Result.CiUpper, r.Result.PVal, r.Result.Tau2, r.Result.I2, r.Result.Q)).ToList();
        }
        catch (MetaAnalysisException e)
        {
            notes.Add($"Leave-one-out: {e.Detail}");
            return [];
        }
    }

    private static EggerRegression? Egger(IReadOnlyList<StudyEffect> effects, MetaAnalysisOptions options, List<string> notes)
    {
        try
        {
            var (egger, _) = ModelFitting.Fit(options, o => EggerTest.Run(effects, o));
            return new EggerRegression("rma", "sei", egger.Df is null ? "zval" : "tval", egger.Statistic, egger.Df, egger.PVal, egger.LimitEstimate, egger.LimitCiLower, egger.LimitCiUpper);
        }
        catch (MetaAnalysisException e)
        {
            notes.Add($"Egger's test: {e.Detail}");
            return null;
        }
    }

    private static TrimFill? TrimAndFillOf(IReadOnlyList<StudyEffect> effects, MetaAnalysisOptions options, List<string> notes)
    {
        try
        {
            var (fill, _) = ModelFitting.Fit(options, o => TrimAndFill.Run(effects, o));
            var adjusted = fill.Adjusted;
            return new TrimFill(fill.K0, fill.SeK0, fill.Side.ToString().ToLowerInvariant(), adjusted.K, adjusted.Estimate, adjusted.Se, adjusted.CiLower, adjusted.CiUpper,
                adjusted.Tau2, ModelSettings.TestName(adjusted.KnappHartung), fill.Filled.Select(f => new FilledStudy(f.Yi, f.Vi)).ToList());
        }
        catch (MetaAnalysisException e)
        {
            notes.Add($"Trim-and-fill: {e.Detail}");
            return null;
        }
    }

    private static StudyEffect EffectOf(EffectMeasure measure, string label, OutcomeComparisonData o) =>
        ModelSettings.IsContinuous(measure)
            ? ContinuousEffectSizes.Compute(measure, new ContinuousArms(label, o.Treatment.Mean!.Value, o.Treatment.Sd!.Value, o.Treatment.N, o.Control.Mean!.Value, o.Control.Sd!.Value, o.Control.N))
            : BinaryEffectSizes.Compute(measure, new BinaryArms(label, o.Treatment.Events!.Value, o.Treatment.N, o.Control.Events!.Value, o.Control.N));

    // A study with several rows labels each "Study (comparison)". Extraction does not make
    // comparison labels unique, so a label two rows of one study share also carries the row's key
    // (outcome@time/comparison id, unique within a study): cumulative steps, leave-one-out and plots
    // name rows by label.
    private static Dictionary<Row, string> RowLabels(IReadOnlyList<Row> rows)
    {
        var labels = new Dictionary<Row, string>(ReferenceEqualityComparer.Instance);
        foreach (var study in rows.GroupBy(r => r.Study.StudyId))
        {
            if (study.Count() == 1)
            {
                labels[study.First()] = study.First().Study.Label;
                continue;
            }

            var shared = study.GroupBy(r => r.Outcome.Comparison).Where(g => g.Key is not null && g.Count() > 1).Select(g => g.Key).ToHashSet();
            foreach (var row in study)
            {
                var comparison = row.Outcome.Comparison is null ? row.Outcome.Key
                    : shared.Contains(row.Outcome.Comparison) ? $"{row.Outcome.Comparison}, {row.Outcome.Key}"
                    : row.Outcome.Comparison;
                labels[row] = $"{row.Study.Label} ({comparison})";
            }
        }

        return labels;
    }

    // Two studies may share "Smith 2020": a row label must be unique (plots, leave-out lists).
    private static List<AnalysedStudy> DistinctLabels(List<AnalysedStudy> analysed)
    {
        var shared = analysed.GroupBy(a => a.Label).Where(g => g.Select(a => a.StudyId).Distinct().Count() > 1).Select(g => g.Key).ToHashSet();
        return analysed.Select(a => shared.Contains(a.Label) ? a with { Label = $"{a.Label} [{a.StudyId.ToString()[..8]}]" } : a).ToList();
    }

    public static IReadOnlyList<StudyEffect> Effects(IEnumerable<AnalysedStudy> studies) => studies.Select(a => new StudyEffect(a.Label, a.Yi, a.Vi)).ToList();

    private static (PooledEstimate? Result, AnalysisError? Error) Pool(IReadOnlyList<StudyEffect> effects, MetaAnalysisOptions options, string measure)
    {
        try
        {
            var (result, halved) = ModelFitting.Fit(options, o => MetaAnalysis.Fit(effects, o));
            return (PooledEstimate.From(result, measure, halved), null);
        }
        catch (MetaAnalysisException e)
        {
            return (null, Failure(e));
        }
    }

    private static AnalysisError Failure(MetaAnalysisException e) => new(e.Kind.ToString(), e.Detail, e.StudyLabel);

    private static SubgroupSplit Split(string field, IReadOnlyList<AnalysedStudy> analysed, IReadOnlyList<StudyEffect> effects, MetaAnalysisOptions options)
    {
        var groups = analysed.Select(a => a.Fields.GetValueOrDefault(field) ?? "not reported").ToList();
        if (groups.Distinct().Count() < 2)
            return new SubgroupSplit(field, [], null, null, null, new AnalysisError(nameof(MetaAnalysisFailure.TooFewStudies), $"Every study has the same {field} ('{groups[0]}'): nothing to compare.", null));
        try
        {
            var (result, _) = ModelFitting.Fit(options, o => SubgroupAnalysis.Fit(effects, groups, o));
            return new SubgroupSplit(
                field,
                result.Subgroups.Select(g => new SubgroupEstimate(g.Name, g.Result.K, g.Result.Estimate, g.Result.CiLower, g.Result.CiUpper, g.Result.Tau2, g.Result.I2)).ToList(),
                result.QBetween, result.QBetweenDf, result.QBetweenP, null);
        }
        catch (MetaAnalysisException e)
        {
            return new SubgroupSplit(field, [], null, null, null, Failure(e));
        }
    }

    private static SensitivityAnalysis WithoutHighRisk(IReadOnlyList<AnalysedStudy> analysed, MetaAnalysisOptions options, string measure)
    {
        const string rule = "without studies at high risk of bias";
        var excluded = analysed.Where(a => a.HighRisk == true).ToList();
        var notAssessed = analysed.Where(a => a.HighRisk is null).Select(a => a.StudyId).Distinct().Count();
        var pending = notAssessed == 0 ? "" : " " + NotAssessedNote(notAssessed);
        if (excluded.Count == 0) return new SensitivityAnalysis(rule, [], null, "No study is at high risk of bias: the main analysis stands." + pending);
        var remaining = analysed.Where(a => a.HighRisk != true).ToList();
        var labels = excluded.Select(a => a.Label).ToList();
        if (remaining.Select(a => a.StudyId).Distinct().Count() < 2) return new SensitivityAnalysis(rule, labels, null, "Fewer than 2 studies are not at high risk of bias." + pending);
        var (result, error) = Pool(Effects(remaining), options, measure);
        return new SensitivityAnalysis(rule, labels, result, error is null ? (pending.Length == 0 ? null : pending.Trim()) : error.Detail);
    }

    /// <summary>Why the sensitivity analysis still counts some studies: their assessment is not final yet.</summary>
    public static string NotAssessedNote(int notAssessed) =>
        notAssessed == 1
            ? "1 study is not assessed yet and stays in."
            : $"{notAssessed} studies are not assessed yet and stay in.";

    private static IReadOnlyList<CumulativeStep> Cumulative(IReadOnlyList<AnalysedStudy> analysed, IReadOnlyList<StudyEffect> effects, MetaAnalysisOptions options)
    {
        try
        {
            var years = analysed.Select(a => a.Year ?? int.MaxValue).ToList(); // unknown years come last
            var (rows, _) = ModelFitting.Fit(options, o => CumulativeMetaAnalysis.Run(effects, years, o));
            // Step j adds the j-th row in year order (a stable sort, as cumul's): matched by position,
            // not by label, so two rows with one label cannot break the recompute.
            var added = analysed.OrderBy(a => a.Year ?? int.MaxValue).ToList();
            return rows.Select((r, j) => new CumulativeStep(r.StudyLabel, added[j].Year, r.Result.K, r.Result.Estimate, r.Result.CiLower, r.Result.CiUpper, r.Result.I2)).ToList();
        }
        catch (MetaAnalysisException)
        {
            return []; // the main result carries the reason; a cumulative step failing alone is not worth a second report
        }
    }

    private static string UniqueId(string outcome, HashSet<string> used)
    {
        var id = UnsafeCharacters().Replace(outcome, "-").Trim('-');
        if (id.Length == 0) id = "outcome";
        var candidate = id;
        for (var n = 2; !used.Add(candidate); n++) candidate = $"{id}-{n}";
        return candidate;
    }

    [GeneratedRegex("[^A-Za-z0-9_-]+")]
    private static partial Regex UnsafeCharacters();
}

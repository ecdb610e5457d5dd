using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Security;
using EvSysReview.Synthesis.Engine;
using EvSysReview.Synthesis.Engine.Bias;
using EvSysReview.Synthesis.Engine.EffectSizes;
using EvSysReview.Synthesis.Engine.Models;
using EvSysReview.Synthesis.Engine.Moderators;
using EvSysReview.Synthesis.Engine.Plots;
using EvSysReview.Synthesis.Engine.Sensitivity;
using EvSysReview.Synthesis.MetaAnalyses;
using EvSysReview.Synthesis.Versions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EvSysReview.Synthesis.Plots;

/// <summary>
/// SVG plots of one analysis of the current version (or ?version=N). The version stores each
/// analysis' inputs, so the model is refitted from them: the engine is deterministic, the numbers
/// are the version's. Retracted studies carry "(retracted)" in their row label.
/// </summary>
public static class PlotEndpoints
{
    public const string SvgContentType = "image/svg+xml; charset=utf-8";

    public static RouteGroupBuilder MapPlots(this RouteGroupBuilder group)
    {
        group.MapGet("/projects/{projectId:guid}/analyses/{analysisId}/forest.svg", ForestAsync).RequireProjectRole<SynthesisModule, RouteHandlerBuilder>(ProjectRoles.All);
        group.MapGet("/projects/{projectId:guid}/analyses/{analysisId}/funnel.svg", FunnelAsync).RequireProjectRole<SynthesisModule, RouteHandlerBuilder>(ProjectRoles.All);
        group.MapGet("/projects/{projectId:guid}/analyses/{analysisId}/cumulative.svg", CumulativeAsync).RequireProjectRole<SynthesisModule, RouteHandlerBuilder>(ProjectRoles.All);
        return group;
    }

    /// <param name="subgroup">A study field of the plan's subgroups: one block per subgroup with its own diamond.</param>
    private static Task<IResult> ForestAsync(Guid projectId, string analysisId, string? version, string? subgroup, VersionRepository versions, CancellationToken cancellationToken) =>
        PlotAsync(projectId, analysisId, version, versions, (analysis, number) =>
        {
            var options = ForestOptions(analysis, number, subgroup is null ? "" : $" by {subgroup}");
            if (subgroup is null) return ForestPlot.Render(Fit(analysis), options);
            if (analysis.Subgroups.All(s => s.Field != subgroup))
                throw new PlotRefusal("subgroup", $"'{subgroup}' is not a subgroup of this analysis (the plan's are: {string.Join(", ", analysis.Subgroups.Select(s => s.Field))}).");
            var groups = analysis.Studies.Select(s => s.Fields.GetValueOrDefault(subgroup) ?? "not reported").ToList();
            var (result, _) = ModelFitting.Fit(Options(analysis), o => SubgroupAnalysis.Fit(Effects(analysis), groups, o));
            return ForestPlot.Render(result, options);
        }, cancellationToken);

    private static Task<IResult> FunnelAsync(Guid projectId, string analysisId, string? version, bool? trimfill, VersionRepository versions, CancellationToken cancellationToken) =>
        PlotAsync(projectId, analysisId, version, versions, (analysis, number) =>
        {
            var result = Fit(analysis);
            TrimAndFillResult? filled = null;
            if (trimfill == true)
            {
                if (analysis.Studies.Count < 3) throw new PlotRefusal("trimfill", "Trim-and-fill needs at least 3 studies.");
                (filled, _) = ModelFitting.Fit(Options(analysis), o => TrimAndFill.Run(Effects(analysis), o));
            }

            return FunnelPlot.Render(result, filled, Title(analysis, number) + (filled is null ? "" : $" (trim-and-fill: {filled.K0} filled)"), Scale(analysis));
        }, cancellationToken);

    private static Task<IResult> CumulativeAsync(Guid projectId, string analysisId, string? version, VersionRepository versions, CancellationToken cancellationToken) =>
        PlotAsync(projectId, analysisId, version, versions, (analysis, number) =>
        {
            var years = analysis.Studies.Select(s => s.Year ?? int.MaxValue).ToList();
            var (rows, _) = ModelFitting.Fit(Options(analysis), o => CumulativeMetaAnalysis.Run(Effects(analysis), years, o));
            return CumulativeForestPlot.Render(rows, ForestOptions(analysis, number, ", cumulative by publication year"));
        }, cancellationToken);

    private static async Task<IResult> PlotAsync(Guid projectId, string analysisId, string? version, VersionRepository versions, Func<Analysis, int, string> render, CancellationToken cancellationToken)
    {
        var (found, refusal) = await VersionEndpoints.ChosenAsync(projectId, version, versions, cancellationToken);
        if (refusal is not null) return refusal;
        var analysis = found?.Analyses.FirstOrDefault(a => a.Id == analysisId);
        if (analysis is null) return Problems.NotFound("analysisId", $"No analysis '{analysisId}' in {(found is null ? "this project (no version yet)" : $"version {found.Version}")}.");
        if (analysis.Result is null) return Problems.Conflict($"Analysis '{analysisId}' has no pooled result: {analysis.Error?.Detail}", "analysisId");
        try
        {
            return TypedResults.Text(render(analysis, found!.Version), SvgContentType);
        }
        catch (PlotRefusal e)
        {
            return Problems.Validation(e.Field, e.Message);
        }
        catch (MetaAnalysisException e)
        {
            return Problems.Conflict($"This plot cannot be drawn for analysis '{analysisId}': {e.Message}", "analysisId");
        }
    }

    private static MetaAnalysisOptions Options(Analysis analysis) => SynthesisRecomputation.Options(analysis.Method, analysis.Test, analysis.Level);

    private static IReadOnlyList<StudyEffect> Effects(Analysis analysis) =>
        analysis.Studies.Select(s => new StudyEffect(s.Retracted ? $"{s.Label} (retracted)" : s.Label, s.Yi, s.Vi)).ToList();

    private static MetaAnalysisResult Fit(Analysis analysis) => ModelFitting.Fit(Options(analysis), o => MetaAnalysis.Fit(Effects(analysis), o)).Result;

    private static string Title(Analysis analysis, int version) => $"{analysis.Outcome}: {analysis.Measure}, {analysis.Method} ({analysis.Test}), version {version}";

    // Positive favours treatment in every analysis (higher-is-worse outcomes are sign-flipped).
    private static ForestPlotOptions ForestOptions(Analysis analysis, int version, string suffix) => new()
    {
        Title = Title(analysis, version) + suffix,
        Scale = Scale(analysis),
        FavoursLeft = "Favours control",
        FavoursRight = "Favours treatment",
    };

    private static EffectScale Scale(Analysis analysis) => analysis.Measure switch
    {
        "RR" => EffectScale.LogRatio("Risk ratio"),
        "OR" => EffectScale.LogRatio("Odds ratio"),
        "ROM" => EffectScale.LogRatio("Ratio of means"),
        "SMD" => new EffectScale("Standardised mean difference (Hedges' g)"),
        "MD" => new EffectScale($"Mean difference{(analysis.Unit is null ? "" : $" ({analysis.Unit})")}"),
        "NMD" => new EffectScale("Normalised mean difference (%)"),
        _ => new EffectScale(analysis.Measure),
    };

    private sealed class PlotRefusal(string field, string message) : Exception(message)
    {
        public string Field { get; } = field;
    }
}

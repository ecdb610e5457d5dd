using EvSysReview.RiskOfBias.Assessments;
using EvSysReview.RiskOfBias.Core.Plots;
using EvSysReview.RiskOfBias.Core.Tools;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EvSysReview.RiskOfBias.Plots;

/// <summary>
/// SVG plots of the finalised (consensus) judgements, one tool at a time: the traffic light
/// (studies × domains) and the summary (share of studies per judgement and domain, weighted by
/// sample size unless ?weighted=false).
/// </summary>
public static class PlotEndpoints
{
    public const string SvgContentType = "image/svg+xml; charset=utf-8";

    public static RouteGroupBuilder MapPlots(this RouteGroupBuilder group)
    {
        group.MapGet("/projects/{projectId:guid}/plots/traffic-light.svg", TrafficLightAsync).RequireProjectRole<RiskOfBiasModule, RouteHandlerBuilder>(ProjectRoles.All);
        group.MapGet("/projects/{projectId:guid}/plots/summary.svg", SummaryAsync).RequireProjectRole<RiskOfBiasModule, RouteHandlerBuilder>(ProjectRoles.All);
        return group;
    }

    private static async Task<IResult> TrafficLightAsync(Guid projectId, string? tool, AssessmentRepository tasks, CancellationToken cancellationToken)
    {
        var all = await tasks.ListAsync(projectId, cancellationToken);
        if (ChooseTool(all, tool) is not { } chosen) return ToolProblem(all, tool);
        var rows = Rows(chosen, all, weights: null);
        var svg = TrafficLightPlot.Render(chosen, rows, $"{chosen.ShortName}: risk of bias of {Studies(rows.Count)} (consensus judgements)");
        return TypedResults.Text(svg, SvgContentType);
    }

    private static async Task<IResult> SummaryAsync(Guid projectId, string? tool, bool? weighted, AssessmentRepository tasks, CancellationToken cancellationToken)
    {
        var all = await tasks.ListAsync(projectId, cancellationToken);
        if (ChooseTool(all, tool) is not { } chosen) return ToolProblem(all, tool);
        var weights = weighted == false ? null : await tasks.WeightsAsync(projectId, cancellationToken);
        var rows = Rows(chosen, all, weights);
        var weighedCount = weights is null ? 0 : rows.Count(r => r.Weight > 0);
        // Without any extracted sample size a weighted plot would be empty bars: say so and weigh equally.
        var useWeights = weighedCount > 0;
        var how = weights is null ? "unweighted"
            : useWeights ? $"weighted by sample size ({weighedCount} of {rows.Count} studies extracted; the others weigh nothing)"
            : "unweighted: no sample sizes extracted yet";
        var svg = SummaryPlot.Render(chosen, rows, useWeights, $"{chosen.ShortName}: risk of bias of {Studies(rows.Count)}, {how}");
        return TypedResults.Text(svg, SvgContentType);
    }

    /// <summary>The finalised assessments with this tool, in label order; a label two studies share gets the study id's start.</summary>
    internal static IReadOnlyList<StudyJudgements> Rows(RiskOfBiasTool tool, IReadOnlyList<StudyAssessment> all, IReadOnlyDictionary<Guid, double>? weights)
    {
        var finalised = all.Where(t => t.IsFinalised && t.ToolId == tool.Id).OrderBy(t => t.StudyLabel, StringComparer.OrdinalIgnoreCase).ThenBy(t => t.StudyId).ToList();
        var shared = finalised.GroupBy(t => t.StudyLabel).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        return finalised.Select(t => StudyJudgements.From(
            shared.Contains(t.StudyLabel) ? $"{t.StudyLabel} ({t.StudyId.ToString()[..8]})" : t.StudyLabel,
            t.Judgements(),
            weights?.GetValueOrDefault(t.StudyId) ?? 1)).ToList();
    }

    /// <summary>?tool= when given; otherwise the only tool the project's tasks use.</summary>
    internal static RiskOfBiasTool? ChooseTool(IReadOnlyList<StudyAssessment> all, string? tool)
    {
        if (!string.IsNullOrWhiteSpace(tool)) return ToolCatalogue.BuiltIn.TryGet(tool, out var named) ? named : null;
        var used = UsedTools(all);
        return used.Count == 1 ? ToolCatalogue.BuiltIn.Get(used[0]) : null;
    }

    internal static IResult ToolProblem(IReadOnlyList<StudyAssessment> all, string? tool)
    {
        var known = string.Join(", ", ToolCatalogue.BuiltIn.All.Select(t => t.Id).Order());
        if (!string.IsNullOrWhiteSpace(tool)) return Problems.Validation("tool", $"No risk-of-bias tool '{tool}' (known: {known}).");
        var used = UsedTools(all);
        return Problems.Validation("tool", used.Count == 0
            ? $"No study has a tool yet; name one with ?tool= ({known})."
            : $"This project uses {string.Join(", ", used)}; name one with ?tool=.");
    }

    private static List<string> UsedTools(IReadOnlyList<StudyAssessment> all) =>
        all.Where(t => !t.Withdrawn && t.ToolId is not null).Select(t => t.ToolId!).Distinct().Order().ToList();

    private static string Studies(int count) => count == 1 ? "1 study" : $"{count} studies";
}

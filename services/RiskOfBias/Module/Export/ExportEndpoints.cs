using System.Text;
using EvSysReview.RiskOfBias.Assessments;
using EvSysReview.RiskOfBias.Core.Export;
using EvSysReview.RiskOfBias.Core.Tools;
using EvSysReview.RiskOfBias.Plots;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EvSysReview.RiskOfBias.Export;

/// <summary>
/// GET .../export?format=csv: both assessors' judgements with support and the consensus, one row
/// per study and domain. Only assessments past the blinded phase are exported: while one is open,
/// an assessor who downloads the file must not find the other's answers in it.
/// </summary>
public static class ExportEndpoints
{
    public static RouteGroupBuilder MapExport(this RouteGroupBuilder group)
    {
        group.MapGet("/projects/{projectId:guid}/export", ExportAsync).RequireProjectRole<RiskOfBiasModule, RouteHandlerBuilder>(ProjectRoles.All);
        return group;
    }

    private static async Task<IResult> ExportAsync(Guid projectId, string? format, string? tool, AssessmentRepository tasks, CancellationToken cancellationToken)
    {
        if (!string.Equals(format ?? "csv", "csv", StringComparison.OrdinalIgnoreCase)) return Problems.Validation("format", "Only format=csv is available.");
        var all = await tasks.ListAsync(projectId, cancellationToken);
        var exportable = all.Where(t => !t.Withdrawn && !t.IsBlinded).ToList();
        var tools = exportable.Select(t => t.ToolId!).Distinct().Order().ToList();
        if (!string.IsNullOrWhiteSpace(tool))
        {
            if (PlotEndpoints.ChooseTool(all, tool) is not { } chosen) return PlotEndpoints.ToolProblem(all, tool);
            tools = [chosen.Id];
        }

        var csv = new StringBuilder(CsvField.Record(RiskOfBiasCsv.Header));
        foreach (var toolId in tools)
        {
            var studies = exportable.Where(t => t.ToolId == toolId).OrderBy(t => t.StudyLabel, StringComparer.OrdinalIgnoreCase).ThenBy(t => t.StudyId)
                .Select(t => new CsvStudy(t.StudyLabel, t.Dual!));
            var written = RiskOfBiasCsv.Write(ToolCatalogue.BuiltIn.Get(toolId), studies);
            csv.Append(written.AsSpan(written.IndexOf("\r\n", StringComparison.Ordinal) + 2));
        }

        return TypedResults.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", $"risk-of-bias-{projectId:N}.csv");
    }
}

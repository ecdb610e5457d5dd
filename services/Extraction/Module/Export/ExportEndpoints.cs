using EvSysReview.Extraction.Core.Export;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EvSysReview.Extraction.Export;

public static class ExportEndpoints
{
    public static RouteGroupBuilder MapExport(this RouteGroupBuilder group)
    {
        group.MapGet("/projects/{projectId:guid}/export", ExportAsync).RequireProjectRole<ExtractionModule, RouteHandlerBuilder>(ProjectRoles.All);
        return group;
    }

    /// <summary>The finalised extractions only (what the synthesis holds): nothing in progress, reopened or withdrawn.</summary>
    private static async Task<IResult> ExportAsync(Guid projectId, string? format, ExtractionRepository repository, CancellationToken cancellationToken)
    {
        if (format is not (null or "" or "csv")) return Problems.Validation("format", $"Unknown format '{format}'; the export is available as csv.");
        var finalised = (await repository.FinalisedAsync(projectId, cancellationToken))
            .OrderBy(f => f.Extraction.StudyLabel, StringComparer.Ordinal)
            .ThenBy(f => f.StudyId)
            .Select(f => f.Extraction);
        var csv = ExtractionCsvExport.Write(finalised);
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", $"extraction-{projectId:N}.csv");
    }
}

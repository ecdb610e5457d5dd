using EvSysReview.Ingestion.Citations;
using EvSysReview.Ingestion.Clusters;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EvSysReview.Ingestion.Records;

public static class RecordEndpoints
{
    public const int PageSize = 50;

    public static RouteGroupBuilder MapRecords(this RouteGroupBuilder group)
    {
        group.MapGet("/projects/{projectId:guid}/records", ListAsync).RequireProjectRole<IngestionModule, RouteHandlerBuilder>(ProjectRoles.All);
        return group;
    }

    /// <summary>One entry per citation (cluster), in the order they were first identified; pmid/doi match any source record of the cluster.</summary>
    private static async Task<IResult> ListAsync(Guid projectId, string? pmid, string? doi, string? q, int? page, ProjectCitationsCache cache, CancellationToken cancellationToken)
    {
        if (page is < 1) return Problems.Validation("page", "Pages count from 1.");
        var wantedPmid = pmid is null ? null : Identifiers.NormalizePmid(pmid) ?? "";
        var wantedDoi = doi is null ? null : Identifiers.NormalizeDoi(doi) ?? "";
        var terms = (q ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var number = page ?? 1;
        var result = await cache.WithAsync(projectId, state =>
        {
            var matching = state.Clusters()
                .Select(c => (Cluster: c, Members: c.RecordKeys.Select(state.Record).ToList()))
                .Where(c => wantedPmid is null || c.Members.Any(m => m.Citation.Pmid == wantedPmid))
                .Where(c => wantedDoi is null || c.Members.Any(m => m.Citation.Doi == wantedDoi))
                .Where(c => terms.Length == 0 || Matches(state.Record(c.Cluster.PrimaryRecordKey).Citation, terms))
                .ToList();
            var records = matching.Skip((number - 1) * PageSize).Take(PageSize)
                .Select(c => RecordView.From(Guid.Parse(c.Cluster.Id), state.Record(c.Cluster.PrimaryRecordKey), state.IsRetracted(c.Cluster), c.Members))
                .ToList();
            return Task.FromResult(new { total = matching.Count, page = number, pageSize = PageSize, records });
        }, cancellationToken);
        return TypedResults.Ok(result);
    }

    /// <summary>Every term in the title or abstract, case-insensitively.</summary>
    private static bool Matches(CitationRecord record, string[] terms) =>
        terms.All(t => (record.Title?.Contains(t, StringComparison.OrdinalIgnoreCase) ?? false) || (record.Abstract?.Contains(t, StringComparison.OrdinalIgnoreCase) ?? false));
}

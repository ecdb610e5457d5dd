using System.Security.Claims;
using EvSysReview.Ingestion.Citations.Deduplication;
using EvSysReview.Ingestion.Imports;
using EvSysReview.Ingestion.Records;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Security;
using EvSysReview.ServiceDefaults.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EvSysReview.Ingestion.Clusters;

public static class ClusterEndpoints
{
    public sealed record MergeRequest(Guid? A, Guid? B);

    public sealed record SplitRequest(IReadOnlyList<Guid>? RecordIds);

    public static RouteGroupBuilder MapClusters(this RouteGroupBuilder group)
    {
        group.MapGet("/projects/{projectId:guid}/clusters", ListAsync).RequireProjectRole<IngestionModule, RouteHandlerBuilder>(ProjectRoles.All);
        group.MapPost("/projects/{projectId:guid}/clusters/merge", MergeAsync).RequireProjectRole<IngestionModule, RouteHandlerBuilder>(ImportEndpoints.Importers);
        group.MapPost("/projects/{projectId:guid}/clusters/split", SplitAsync).RequireProjectRole<IngestionModule, RouteHandlerBuilder>(ImportEndpoints.Importers);
        group.MapGet("/projects/{projectId:guid}/prisma", PrismaAsync).RequireProjectRole<IngestionModule, RouteHandlerBuilder>(ProjectRoles.All);
        return group;
    }

    /// <summary>With recordId: the cluster holding that record (a source record id or a citation id). Without: clusters of more than one record.</summary>
    private static async Task<IResult> ListAsync(Guid projectId, Guid? recordId, ProjectCitationsCache cache, CancellationToken cancellationToken) =>
        await cache.WithAsync(projectId, state =>
        {
            if (recordId is { } id)
            {
                return Task.FromResult(state.Find(id) is null
                    ? Problems.NotFound("recordId", $"No record {id} in this project.")
                    : (IResult)TypedResults.Ok(ClusterView.From(state.ClusterOf(id), state)));
            }

            return Task.FromResult<IResult>(TypedResults.Ok(state.Clusters().Where(c => c.RecordKeys.Count > 1).Select(c => ClusterView.From(c, state)).ToList()));
        }, cancellationToken);

    private static async Task<IResult> MergeAsync(Guid projectId, MergeRequest request, ClaimsPrincipal user, ProjectCitationsCache cache, HttpContext http, CancellationToken cancellationToken)
    {
        if (request.A is not { } a) return Problems.Validation("a", "Give a record id of the first cluster.");
        if (request.B is not { } b) return Problems.Validation("b", "Give a record id of the second cluster.");
        return await cache.WithAsync(projectId, async state =>
        {
            if (state.Find(a) is null) return Problems.NotFound("a", $"No record {a} in this project.");
            if (state.Find(b) is null) return Problems.NotFound("b", $"No record {b} in this project.");
            if (state.ClusterOf(a).Id == state.ClusterOf(b).Id) return Problems.Conflict("The two records are already in one cluster.", "b");
            return await DecideAsync(state, cache, ClusterDecisionKind.Merge, [a, b], user, http, cancellationToken, a);
        }, cancellationToken);
    }

    private static async Task<IResult> SplitAsync(Guid projectId, SplitRequest request, ClaimsPrincipal user, ProjectCitationsCache cache, HttpContext http, CancellationToken cancellationToken)
    {
        if (request.RecordIds is not { Count: > 0 } ids) return Problems.Validation("recordIds", "List the source records that are a different paper.");
        return await cache.WithAsync(projectId, async state =>
        {
            if (ids.FirstOrDefault(i => state.Find(i) is null) is var missing && missing != Guid.Empty) return Problems.NotFound("recordIds", $"No record {missing} in this project.");
            var cluster = state.ClusterOf(ids[0]);
            if (ids.Any(i => state.ClusterOf(i).Id != cluster.Id)) return Problems.Validation("recordIds", "The records to split off must all be in one cluster.");
            if (cluster.RecordKeys.Count == ids.Distinct().Count()) return Problems.Validation("recordIds", "That is the whole cluster; leave at least one record behind.");
            return await DecideAsync(state, cache, ClusterDecisionKind.Split, ids.Distinct().ToList(), user, http, cancellationToken, ids[0]);
        }, cancellationToken);
    }

    private static async Task<IResult> DecideAsync(ProjectCitations state, ProjectCitationsCache cache, ClusterDecisionKind kind, IReadOnlyList<Guid> recordIds, ClaimsPrincipal user, HttpContext http, CancellationToken cancellationToken, Guid show)
    {
        var decision = new ClusterDecision
        {
            ProjectId = state.ProjectId, Sequence = state.DecisionCount, AfterRecords = state.RecordCount, Kind = kind, RecordIds = recordIds,
            DecidedBy = user.Username()!, DecidedAt = DateTimeOffset.UtcNow,
        };
        var correlation = http.CorrelationId();
        var events = state.Apply(decision, correlation);
        var work = new UnitOfWork()
            .Put(ClusterDecision.Collection, ClusterDecision.Key(state.ProjectId, decision.Sequence), state.ProjectId.ToString("N"), decision, 0)
            .PublishAll(events);
        await cache.CommitAsync(state, work, cancellationToken);
        return TypedResults.Ok(ClusterView.From(state.ClusterOf(show), state));
    }

    private static async Task<IResult> PrismaAsync(Guid projectId, ProjectCitationsCache cache, CancellationToken cancellationToken) =>
        TypedResults.Ok(await cache.WithAsync(projectId, state => Task.FromResult(state.Counts()), cancellationToken));
}

/// <summary>A cluster: its id (= the citation's RecordId), the primary record and every source record in it.</summary>
public sealed record ClusterView(Guid Id, Guid PrimaryRecordId, bool Retracted, IReadOnlyList<SourceRecordSummary> Records)
{
    public static ClusterView From(DuplicateCluster cluster, ProjectCitations state) => new(
        Guid.Parse(cluster.Id), Guid.Parse(cluster.PrimaryRecordKey), state.IsRetracted(cluster),
        cluster.RecordKeys.Select(k => SourceRecordSummary.From(state.Record(k))).ToList());
}

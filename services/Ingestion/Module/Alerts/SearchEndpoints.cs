using System.Security.Claims;
using EvSysReview.Ingestion.Imports;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Security;
using EvSysReview.ServiceDefaults.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EvSysReview.Ingestion.Alerts;

public static class SearchEndpoints
{
    /// <param name="ApiKey">On PUT: null keeps the stored key, "" removes it.</param>
    public sealed record SearchRequest(string? Name, string? Query, string? Schedule, bool? Enabled, string? ApiKey);

    public static RouteGroupBuilder MapSearches(this RouteGroupBuilder group)
    {
        group.MapPost("/projects/{projectId:guid}/searches", CreateAsync).RequireProjectRole<IngestionModule, RouteHandlerBuilder>(ImportEndpoints.Importers);
        group.MapGet("/projects/{projectId:guid}/searches", ListAsync).RequireProjectRole<IngestionModule, RouteHandlerBuilder>(ProjectRoles.All);
        group.MapGet("/projects/{projectId:guid}/searches/{searchId:guid}", GetAsync).RequireProjectRole<IngestionModule, RouteHandlerBuilder>(ProjectRoles.All);
        group.MapPut("/projects/{projectId:guid}/searches/{searchId:guid}", UpdateAsync).RequireProjectRole<IngestionModule, RouteHandlerBuilder>(ImportEndpoints.Importers);
        group.MapPost("/projects/{projectId:guid}/searches/{searchId:guid}/run", RunNowAsync).RequireProjectRole<IngestionModule, RouteHandlerBuilder>(ImportEndpoints.Importers);
        group.MapGet("/projects/{projectId:guid}/searches/{searchId:guid}/runs", RunsAsync).RequireProjectRole<IngestionModule, RouteHandlerBuilder>(ProjectRoles.All);
        return group;
    }

    private static async Task<IResult> CreateAsync(Guid projectId, SearchRequest request, ClaimsPrincipal user, ModuleStore<IngestionModule> store, HttpContext http, CancellationToken cancellationToken)
    {
        if (Validate(request, creating: true) is { } invalid) return invalid;
        var now = DateTimeOffset.UtcNow;
        var enabled = request.Enabled ?? false;
        var search = new SavedSearch
        {
            Id = Guid.NewGuid(), ProjectId = projectId, Name = string.IsNullOrWhiteSpace(request.Name) ? "PubMed search" : request.Name.Trim(), Query = request.Query!.Trim(),
            Schedule = NullIfBlank(request.Schedule), Enabled = enabled, ApiKey = NullIfBlank(request.ApiKey), NextRunAt = enabled ? now : null,
            CreatedBy = user.Username()!, CreatedAt = now,
        };
        await store.CommitAsync(new UnitOfWork()
            .Put(SavedSearch.Collection, search.Id.ToString("N"), projectId.ToString("N"), search, 0)
            .Put(AlertIndexEntry.Collection, search.Id.ToString("N"), AlertIndexEntry.Partition, new AlertIndexEntry(projectId, search.Id), 0), cancellationToken);
        http.Response.Headers.ETag = EntityTags.Of(1);
        return TypedResults.Created($"/api/ingestion/projects/{projectId}/searches/{search.Id}", SearchView.From(search));
    }

    private static async Task<IResult> ListAsync(Guid projectId, ModuleStore<IngestionModule> store, CancellationToken cancellationToken) =>
        TypedResults.Ok((await store.ListAsync(SavedSearch.Collection, projectId.ToString("N"), cancellationToken))
            .Select(StoreJson.Read<SavedSearch>).OrderBy(s => s.CreatedAt).Select(SearchView.From));

    private static async Task<IResult> GetAsync(Guid projectId, Guid searchId, ModuleStore<IngestionModule> store, HttpContext http, CancellationToken cancellationToken)
    {
        var stored = await FindAsync(store, projectId, searchId, cancellationToken);
        if (stored is null) return NotFound(searchId);
        http.Response.Headers.ETag = EntityTags.Of(stored.Version);
        return TypedResults.Ok(SearchView.From(StoreJson.Read<SavedSearch>(stored)));
    }

    private static async Task<IResult> UpdateAsync(Guid projectId, Guid searchId, SearchRequest request, ModuleStore<IngestionModule> store, HttpContext http, CancellationToken cancellationToken)
    {
        if (Validate(request, creating: false) is { } invalid) return invalid;
        var stored = await FindAsync(store, projectId, searchId, cancellationToken);
        if (stored is null) return NotFound(searchId);
        if (EntityTags.IfMatchFails(http, stored.Version))
            return Problems.PreconditionFailed($"The search changed (now {EntityTags.Of(stored.Version)}); reload it and apply your change again.");
        var search = StoreJson.Read<SavedSearch>(stored);
        var now = DateTimeOffset.UtcNow;
        var edited = search.WithQuery(request.Query is null ? search.Query : request.Query.Trim(), now);
        var enabled = request.Enabled ?? edited.Enabled;
        var schedule = request.Schedule is null ? search.Schedule : NullIfBlank(request.Schedule);
        var updated = edited with
        {
            Name = string.IsNullOrWhiteSpace(request.Name) ? search.Name : request.Name.Trim(),
            Schedule = schedule,
            Enabled = enabled,
            // Enabled again by hand: the lead takes it up again, pause or not.
            PauseReason = enabled ? null : edited.PauseReason,
            ApiKey = request.ApiKey is null ? search.ApiKey : NullIfBlank(request.ApiKey),
            NextRunAt = enabled && (!search.Enabled || schedule != search.Schedule) ? now : edited.NextRunAt,
        };
        await store.CommitAsync(new UnitOfWork().Put(SavedSearch.Collection, searchId.ToString("N"), projectId.ToString("N"), updated, stored.Version), cancellationToken);
        http.Response.Headers.ETag = EntityTags.Of(stored.Version + 1);
        return TypedResults.Ok(SearchView.From(updated));
    }

    private static async Task<IResult> RunNowAsync(Guid projectId, Guid searchId, ModuleStore<IngestionModule> store, SearchRunner runner, AlertSignal wake, CancellationToken cancellationToken)
    {
        var stored = await FindAsync(store, projectId, searchId, cancellationToken);
        if (stored is null) return NotFound(searchId);
        var search = StoreJson.Read<SavedSearch>(stored);
        if (search.ActiveRunId is { } active) return Problems.Conflict($"Run {active} of this search is still in progress.", "searchId");
        SearchRun run;
        try
        {
            run = await runner.StartAsync(search, stored.Version, "manual", cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return Problems.Conflict("A run of this search has just started.", "searchId");
        }

        wake.Notify();
        return TypedResults.Accepted($"/api/ingestion/projects/{projectId}/searches/{searchId}/runs", new { runId = run.Id });
    }

    private static async Task<IResult> RunsAsync(Guid projectId, Guid searchId, ModuleStore<IngestionModule> store, CancellationToken cancellationToken)
    {
        if (await FindAsync(store, projectId, searchId, cancellationToken) is null) return NotFound(searchId);
        var runs = await store.ListAsync(SearchRun.Collection, searchId.ToString("N"), cancellationToken);
        return TypedResults.Ok(runs.Select(StoreJson.Read<SearchRun>).OrderByDescending(r => r.StartedAt).Select(SearchRunView.From));
    }

    private static IResult? Validate(SearchRequest request, bool creating)
    {
        // On PUT an absent query keeps the stored one; a blank one was kept too, so an edit that emptied
        // the query was taken without a word and changed nothing.
        if ((creating || request.Query is not null) && string.IsNullOrWhiteSpace(request.Query)) return Problems.Validation("query", "A PubMed query is required.");
        if (request.Query is { Length: > 4000 }) return Problems.Validation("query", "At most 4000 characters.");
        if (request.Name is { Length: > 200 }) return Problems.Validation("name", "At most 200 characters.");
        if (!string.IsNullOrWhiteSpace(request.Schedule))
        {
            if (SearchSchedule.TryParse(request.Schedule) is not { } interval) return Problems.Validation("schedule", "An ISO 8601 duration such as P1D (daily) or PT6H.");
            if (interval < SearchSchedule.Minimum) return Problems.Validation("schedule", "At least PT1M.");
        }

        if (request.ApiKey is { Length: > 0 } key && (key.Length > 100 || !key.All(char.IsAsciiLetterOrDigit)))
            return Problems.Validation("apiKey", "An NCBI API key is letters and digits (at most 100).");
        return null;
    }

    private static async Task<StoredDocument?> FindAsync(ModuleStore<IngestionModule> store, Guid projectId, Guid searchId, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(SavedSearch.Collection, searchId.ToString("N"), cancellationToken);
        return stored is not null && stored.Partition == projectId.ToString("N") ? stored : null;
    }

    private static IResult NotFound(Guid searchId) => Problems.NotFound("searchId", $"No saved search {searchId} in this project.");

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

}

/// <summary>A saved search as the API shows it: the API key only as "there is one".</summary>
public sealed record SearchView(
    Guid Id, string Name, string Query, string? Schedule, bool Enabled, string? PauseReason, bool HasApiKey, DateOnly? CompletedThrough, DateTimeOffset? NextRunAt,
    DateTimeOffset? LastRunAt, SearchRunStatus? LastRunStatus, Guid? ActiveRunId, int? ProtocolVersion, string CreatedBy, DateTimeOffset CreatedAt)
{
    public static SearchView From(SavedSearch s) => new(
        s.Id, s.Name, s.Query, s.Schedule, s.Enabled, s.PauseReason, s.ApiKey is not null, s.CompletedThrough, s.NextRunAt, s.LastRunAt, s.LastRunStatus, s.ActiveRunId,
        s.ProtocolVersion, s.CreatedBy, s.CreatedAt);
}

/// <summary>
/// One run in the history: what it found, what was new, what were duplicates, what went wrong. A
/// running run shows until when its runner's claim holds (<c>ClaimedUntil</c>, renewed by the runner's
/// heartbeat while it lives): a run whose runner died is resumed by another instance after that, or at
/// once by a restarted one of the same machine. The runner's name (host and process) stays in the logs, not with every project member.
/// </summary>
public sealed record SearchRunView(
    Guid RunId, SearchRunStatus Status, string Trigger, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, DateOnly WindowStart, DateOnly WindowEnd,
    int Found, int AlreadyImported, int ToFetch, int Fetched, int New, int Duplicates, int ErrorCount, IReadOnlyList<string> Errors, string? Message,
    DateTimeOffset? ClaimedUntil)
{
    public static SearchRunView From(SearchRun r) => new(
        r.Id, r.Status, r.Trigger, r.StartedAt, r.FinishedAt, r.WindowStart, r.WindowEnd, r.Found, r.AlreadyImported, r.ToFetch, r.Fetched,
        r.New, r.Duplicates, r.ErrorCount, r.Errors, r.Message, r.Status == SearchRunStatus.Running ? r.ClaimedUntil : null);
}

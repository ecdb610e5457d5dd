using EvSysReview.Contracts;
using EvSysReview.Contracts.Reviews;
using EvSysReview.Reviews.Accounts;
using EvSysReview.Reviews.Projects;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EvSysReview.Reviews.Members;

public static class MemberEndpoints
{
    public sealed record AddMemberRequest(string? Username, string? Role);

    public sealed record ChangeRoleRequest(string? Role);

    public static RouteGroupBuilder MapMembers(this RouteGroupBuilder group)
    {
        group.MapGet("/projects/{projectId:guid}/members", ListAsync).RequireProjectRole<ReviewsModule, RouteHandlerBuilder>(ProjectRoles.All);
        group.MapPost("/projects/{projectId:guid}/members", AddAsync).RequireProjectRole<ReviewsModule, RouteHandlerBuilder>(ProjectRoles.Lead);
        group.MapPut("/projects/{projectId:guid}/members/{username}", ChangeRoleAsync).RequireProjectRole<ReviewsModule, RouteHandlerBuilder>(ProjectRoles.Lead);
        group.MapDelete("/projects/{projectId:guid}/members/{username}", RemoveAsync).RequireProjectRole<ReviewsModule, RouteHandlerBuilder>(ProjectRoles.Lead);
        return group;
    }

    private static async Task<IResult> ListAsync(Guid projectId, ProjectRepository projects, CancellationToken cancellationToken)
    {
        var found = await projects.FindAsync(projectId, cancellationToken);
        return found is { } f ? TypedResults.Ok(f.Project.Members) : Problems.NotFound("projectId", $"No project {projectId}.");
    }

    private static async Task<IResult> AddAsync(Guid projectId, AddMemberRequest request, ProjectRepository projects, HttpContext http, CancellationToken cancellationToken)
    {
        var username = request.Username?.Trim();
        if (Usernames.Refusal(username) is { } refusal) return Problems.Validation("username", refusal);
        if (!ProjectRoles.IsKnown(request.Role)) return Problems.Validation("role", $"Role must be one of: {string.Join(", ", ProjectRoles.All)}.");
        return await ChangeAsync(projectId, projects, http, cancellationToken, project =>
        {
            if (project.FindMember(username!) is not null) return (null, Problems.Conflict($"{username} is already a member; change their role with PUT .../members/{username}.", "username"));
            if (SpelledOtherwise(project, username!) is { } spellings) return (null, Problems.Conflict($"{spellings} is already a member; usernames are matched exactly, so use that spelling.", "username"));
            var version = project.MembershipVersion + 1;
            var updated = project with { Members = [.. project.Members, new Member(username!, request.Role!, DateTimeOffset.UtcNow)], MembershipVersion = version };
            return (updated, new MemberJoined { ProjectId = projectId, Username = username!, Role = request.Role!, MembershipVersion = version });
        }, StatusCodes.Status201Created);
    }

    private static Task<IResult> ChangeRoleAsync(Guid projectId, string username, ChangeRoleRequest request, ProjectRepository projects, HttpContext http, CancellationToken cancellationToken)
    {
        if (!ProjectRoles.IsKnown(request.Role)) return Task.FromResult(Problems.Validation("role", $"Role must be one of: {string.Join(", ", ProjectRoles.All)}."));
        return ChangeAsync(projectId, projects, http, cancellationToken, project =>
        {
            var member = Addressed(project, username);
            if (member is null) return (null, NotAMember(project, username));
            if (member.Role == request.Role) return (null, TypedResults.Ok(project.Members));
            if (member.Role == ProjectRoles.Lead && LeadCount(project) == 1) return (null, Problems.Conflict("A project needs at least one lead; make someone else lead first.", "role"));
            var version = project.MembershipVersion + 1;
            var updated = project with { Members = project.Members.Select(m => m.Username == member.Username ? m with { Role = request.Role! } : m).ToList(), MembershipVersion = version };
            return (updated, new MemberRoleChanged { ProjectId = projectId, Username = member.Username, OldRole = member.Role, NewRole = request.Role!, MembershipVersion = version });
        }, StatusCodes.Status200OK);
    }

    private static Task<IResult> RemoveAsync(Guid projectId, string username, ProjectRepository projects, HttpContext http, CancellationToken cancellationToken) =>
        ChangeAsync(projectId, projects, http, cancellationToken, project =>
        {
            var member = Addressed(project, username);
            if (member is null) return (null, NotAMember(project, username));
            if (member.Role == ProjectRoles.Lead && LeadCount(project) == 1) return (null, Problems.Conflict("A project needs at least one lead; make someone else lead first.", "username"));
            var version = project.MembershipVersion + 1;
            var updated = project with { Members = project.Members.Where(m => m.Username != member.Username).ToList(), MembershipVersion = version };
            return (updated, new MemberLeft { ProjectId = projectId, Username = member.Username, MembershipVersion = version });
        }, StatusCodes.Status200OK);

    /// <summary>
    /// The member a route's {username} names. Usernames are checked when they enter (<see cref="Usernames"/>),
    /// but one stored before that may hold what a path segment cannot carry: '/' reaches the route
    /// still escaped (%2F, which servers do not decode), and "." or ".." only escaped twice (%252E%252E;
    /// once, they are decoded and dropped as dot segments). So a name not found as given is looked
    /// up unescaped once more. An allowed name has no '%', so this never changes whom it addresses.
    /// </summary>
    private static Member? Addressed(Project project, string username) =>
        project.FindMember(username) ?? (username.Contains('%') ? project.FindMember(Uri.UnescapeDataString(username)) : null);

    /// <summary>
    /// Why a route's {username} addresses no member. Names are matched exactly, so one typed in
    /// another letter case than the member's finds nobody; the answer gives the member's spelling
    /// rather than a bare not-found that reads as if they had left.
    /// </summary>
    private static IResult NotAMember(Project project, string username) =>
        SpelledOtherwise(project, Uri.UnescapeDataString(username)) is { } spellings
            ? Problems.NotFound("username", $"{username} is not a member of this project; {spellings} is, and usernames are matched exactly, so use that spelling.")
            : Problems.NotFound("username", $"{username} is not a member of this project.");

    /// <summary>
    /// The members whose usernames differ from <paramref name="username"/> only in letter case, quoted
    /// ("'ana'", or "'Ana' or 'ana'" in a project that took both before such names were refused), or
    /// null when there is none.
    /// </summary>
    private static string? SpelledOtherwise(Project project, string username)
    {
        var spellings = project.Members.Where(m => Usernames.DifferOnlyInCase(m.Username, username)).Select(m => $"'{m.Username}'").ToList();
        return spellings.Count == 0 ? null : string.Join(" or ", spellings);
    }

    private static int LeadCount(Project project) => project.Members.Count(m => m.Role == ProjectRoles.Lead);

    private static async Task<IResult> ChangeAsync(
        Guid projectId, ProjectRepository projects, HttpContext http, CancellationToken cancellationToken,
        Func<Project, (Project? Updated, object Outcome)> change, int successStatus)
    {
        var found = await projects.FindAsync(projectId, cancellationToken);
        if (found is not { } f) return Problems.NotFound("projectId", $"No project {projectId}.");
        if (EntityTags.IfMatchFails(http, f.Version)) return Problems.PreconditionFailed($"The project changed (now {EntityTags.Of(f.Version)}); reload and try again.");
        var (updated, outcome) = change(f.Project);
        if (updated is null) return (IResult)outcome;
        var integrationEvent = (IntegrationEvent)outcome with { CorrelationId = http.CorrelationId() };
        var version = await projects.SaveAsync(updated, f.Version, [integrationEvent], cancellationToken);
        http.Response.Headers.ETag = EntityTags.Of(version);
        return successStatus == StatusCodes.Status201Created
            ? TypedResults.Created($"/api/reviews/projects/{projectId}/members", updated.Members)
            : TypedResults.Ok(updated.Members);
    }
}

using System.Security.Claims;
using EvSysReview.Contracts.Reviews;
using EvSysReview.Reviews.Accounts;
using EvSysReview.Reviews.Protocols;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EvSysReview.Reviews.Projects;

public static class ProjectEndpoints
{
    public sealed record CreateProjectRequest(string? Title, string? Template);

    public sealed record PublishProtocolRequest(Protocol? Protocol, string? AmendmentNote);

    public static RouteGroupBuilder MapProjects(this RouteGroupBuilder group)
    {
        group.MapPost("/projects", CreateAsync);
        group.MapGet("/projects", ListAsync);
        group.MapGet("/templates", () => TypedResults.Ok(ProtocolTemplates.Names));
        group.MapGet("/projects/{projectId:guid}", GetAsync).RequireProjectRole<ReviewsModule, RouteHandlerBuilder>(ProjectRoles.All);
        group.MapGet("/projects/{projectId:guid}/protocol/versions", VersionsAsync).RequireProjectRole<ReviewsModule, RouteHandlerBuilder>(ProjectRoles.All);
        group.MapPut("/projects/{projectId:guid}/protocol", PublishProtocolAsync).RequireProjectRole<ReviewsModule, RouteHandlerBuilder>(ProjectRoles.Lead);
        return group;
    }

    private static async Task<IResult> CreateAsync(CreateProjectRequest request, ClaimsPrincipal user, ProjectRepository projects, HttpContext http, CancellationToken cancellationToken)
    {
        (string Title, Protocol Protocol)? template = null;
        if (!string.IsNullOrWhiteSpace(request.Template))
        {
            template = ProtocolTemplates.Find(request.Template);
            if (template is null) return Problems.Validation("template", $"Unknown template '{request.Template}'; available: {string.Join(", ", ProtocolTemplates.Names)}.");
        }

        var title = string.IsNullOrWhiteSpace(request.Title) ? template?.Title : request.Title.Trim();
        if (string.IsNullOrWhiteSpace(title)) return Problems.Validation("title", "A project needs a title.");
        if (title.Length > 300) return Problems.Validation("title", "At most 300 characters.");

        var username = user.Username()!;
        // The creator becomes the lead, a member like any other: one whom .../members/{username}
        // could not address could never be changed or removed. The name comes from the token
        // (an identity provider's subject), so the caller learns why rather than meets it later.
        if (Usernames.Refusal(username) is { } refusal) return Problems.Validation("username", $"Your username '{username}' cannot lead a project. {refusal}");
        var now = DateTimeOffset.UtcNow;
        var protocol = template?.Protocol ?? ProtocolTemplates.Blank();
        var project = new Project
        {
            Id = Guid.NewGuid(),
            Title = title,
            Template = request.Template,
            CreatedBy = username,
            CreatedAt = now,
            Members = [new Member(username, ProjectRoles.Lead, now)],
            MembershipVersion = 1,
            Protocols = [new ProtocolVersion(1, protocol, username, now, "Initial protocol")],
        };
        var correlation = http.CorrelationId();
        await projects.SaveAsync(project, 0,
        [
            new ProjectCreated { ProjectId = project.Id, Title = title, CreatedBy = username, Template = request.Template, CorrelationId = correlation },
            new MemberJoined { ProjectId = project.Id, Username = username, Role = ProjectRoles.Lead, MembershipVersion = 1, CorrelationId = correlation },
            ProtocolEvents.Published(project, correlation),
        ], cancellationToken);
        http.Response.Headers.ETag = EntityTags.Of(1);
        return TypedResults.Created($"/api/reviews/projects/{project.Id}", ProjectView.From(project));
    }

    private static async Task<IResult> ListAsync(ClaimsPrincipal user, ProjectRepository projects, CancellationToken cancellationToken)
    {
        var mine = await projects.ForUserAsync(user.Username()!, cancellationToken);
        return TypedResults.Ok(mine.Select(p => new { p.Id, p.Title, p.Template, role = p.FindMember(user.Username()!)!.Role, protocolVersion = p.CurrentProtocol.Version }));
    }

    private static async Task<IResult> GetAsync(Guid projectId, ProjectRepository projects, HttpContext http, CancellationToken cancellationToken)
    {
        var found = await projects.FindAsync(projectId, cancellationToken);
        if (found is not { } f) return Problems.NotFound("projectId", $"No project {projectId}.");
        http.Response.Headers.ETag = EntityTags.Of(f.Version);
        return TypedResults.Ok(ProjectView.From(f.Project));
    }

    private static async Task<IResult> VersionsAsync(Guid projectId, ProjectRepository projects, CancellationToken cancellationToken)
    {
        var found = await projects.FindAsync(projectId, cancellationToken);
        if (found is not { } f) return Problems.NotFound("projectId", $"No project {projectId}.");
        return TypedResults.Ok(f.Project.Protocols);
    }

    private static async Task<IResult> PublishProtocolAsync(Guid projectId, PublishProtocolRequest request, ClaimsPrincipal user, ProjectRepository projects, HttpContext http, CancellationToken cancellationToken)
    {
        var errors = ProtocolValidation.Validate(request.Protocol);
        if (errors.Count > 0) return Problems.Validation(errors);
        if (string.IsNullOrWhiteSpace(request.AmendmentNote)) return Problems.Validation("amendmentNote", "Say what changed and why; the note stays in the protocol history.");

        var found = await projects.FindAsync(projectId, cancellationToken);
        if (found is not { } f) return Problems.NotFound("projectId", $"No project {projectId}.");
        if (EntityTags.IfMatchFails(http, f.Version)) return Problems.PreconditionFailed($"The project changed (now {EntityTags.Of(f.Version)}); reload it and apply your amendment again.");

        var version = new ProtocolVersion(f.Project.CurrentProtocol.Version + 1, request.Protocol!, user.Username()!, DateTimeOffset.UtcNow, request.AmendmentNote.Trim());
        var updated = f.Project with { Protocols = [.. f.Project.Protocols, version] };
        var newVersion = await projects.SaveAsync(updated, f.Version, [ProtocolEvents.Published(updated, http.CorrelationId())], cancellationToken);
        http.Response.Headers.ETag = EntityTags.Of(newVersion);
        return TypedResults.Ok(ProjectView.From(updated));
    }

}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace EvSysReview.ServiceDefaults.Security;

public static class ProjectRoleFilter
{
    /// <summary>
    /// Every endpoint under a {projectId} route declares the roles that may call it (leads always
    /// may). ProjectAccessMiddleware enforces it before the body is read, so a non-member learns
    /// nothing, not even whether the body would have been valid; the access test enumerates it.
    /// </summary>
    public static TBuilder RequireProjectRole<TModule, TBuilder>(this TBuilder builder, params string[] roles)
        where TModule : IServiceModule
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new ProjectRoleRequirement(
            TModule.Name,
            roles,
            (http, projectId) => http.RequestServices.GetRequiredService<ProjectAccess<TModule>>().CheckAsync(projectId, http.User, roles, http.RequestAborted)));
        return builder;
    }
}

/// <param name="Check">Returns null when the caller may proceed, else the 404/403 problem.</param>
public sealed record ProjectRoleRequirement(string Module, IReadOnlyList<string> Roles, Func<HttpContext, Guid, Task<IResult?>> Check);

/// <summary>Runs after authentication: applies the endpoint's ProjectRoleRequirement, if any.</summary>
public sealed class ProjectAccessMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var requirement = context.GetEndpoint()?.Metadata.GetMetadata<ProjectRoleRequirement>();
        if (requirement is not null)
        {
            if (!Guid.TryParse(context.Request.RouteValues["projectId"]?.ToString(), out var projectId))
            {
                await Problems.NotFound("projectId", "Not a project id.").ExecuteAsync(context);
                return;
            }

            if (await requirement.Check(context, projectId) is { } refusal)
            {
                await refusal.ExecuteAsync(context);
                return;
            }
        }

        await next(context);
    }
}

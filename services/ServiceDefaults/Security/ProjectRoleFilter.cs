using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace EvSysReview.ServiceDefaults.Security;

public static class ProjectRoleFilter
{
    /// <summary>
    /// Every endpoint under a {projectId} route declares the roles that may call it; leads always may.
    /// The metadata also lets the access test enumerate what each endpoint requires.
    /// </summary>
    public static TBuilder RequireProjectRole<TModule, TBuilder>(this TBuilder builder, params string[] roles)
        where TModule : IServiceModule
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new ProjectRoleRequirement(roles));
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (!Guid.TryParse(http.Request.RouteValues["projectId"]?.ToString(), out var projectId))
            {
                return Problems.NotFound("projectId", "Not a project id.");
            }

            var access = http.RequestServices.GetRequiredService<ProjectAccess<TModule>>();
            return await access.CheckAsync(projectId, http.User, roles, http.RequestAborted) ?? await next(context);
        });
        return builder;
    }
}

public sealed record ProjectRoleRequirement(IReadOnlyList<string> Roles);

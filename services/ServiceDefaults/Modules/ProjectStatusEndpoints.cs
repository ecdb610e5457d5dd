using EvSysReview.ServiceDefaults.Security;
using EvSysReview.ServiceDefaults.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EvSysReview.ServiceDefaults;

public static class ProjectStatusEndpoints
{
    /// <summary>
    /// GET /api/{module}/projects/{projectId}/status: whether this service knows the project yet,
    /// and its outbox backlog. Lets a client (or a test) see that a service caught up with the events.
    /// </summary>
    public static RouteGroupBuilder MapProjectStatus<TModule>(this RouteGroupBuilder group)
        where TModule : IServiceModule
    {
        group.MapGet("/projects/{projectId:guid}/status", async (Guid projectId, ModuleStore<TModule> store, CancellationToken cancellationToken) =>
        {
            var project = await store.GetAsync(ProjectReference.Collection, projectId.ToString("N"), cancellationToken);
            var members = await store.ListAsync(Membership.Collection, projectId.ToString("N"), cancellationToken);
            return TypedResults.Ok(new
            {
                service = TModule.Name,
                projectId,
                projectKnown = project is not null,
                members = members.Select(StoreJson.Read<Membership>).Where(m => m.Role is not null).Select(m => new { m.Username, m.Role }),
                outboxBacklog = await store.CountPendingOutboxAsync(cancellationToken),
            });
        }).RequireProjectRole<TModule, RouteHandlerBuilder>(ProjectRoles.All);
        return group;
    }
}

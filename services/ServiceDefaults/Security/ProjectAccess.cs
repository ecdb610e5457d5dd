using System.Security.Claims;
using EvSysReview.ServiceDefaults.Storage;
using Microsoft.AspNetCore.Http;

namespace EvSysReview.ServiceDefaults.Security;

/// <summary>
/// Decides from the module's own membership read model: a non-member gets 404 (the project's
/// existence is not revealed), a member without one of the allowed roles gets 403. On a store only
/// this process writes, from the store's MembershipMirror, which every committed membership write
/// passes through; otherwise (MongoDB) from the store on every request.
/// </summary>
public sealed class ProjectAccess<TModule>(ModuleStore<TModule> store)
    where TModule : IServiceModule
{
    // Scoped: one request. The role filter and the endpoint both ask; the store is read once.
    private (Guid ProjectId, string Username, Membership? Membership)? _found;

    public async Task<Membership?> FindAsync(Guid projectId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var username = user.Username();
        if (username is null) return null;
        if (_found is { } found && found.ProjectId == projectId && found.Username == username) return found.Membership;
        var membership = store.ProcessLocal ? store.Memberships.Of(projectId, username) : null;
        if (membership is null)
        {
            var stored = await store.GetAsync(Membership.Collection, Membership.Key(projectId, username), cancellationToken);
            membership = stored is null ? null : StoreJson.Read<Membership>(stored);
            if (membership is not null && store.ProcessLocal) store.Memberships.Offer(membership);
        }

        membership = membership?.Role is null ? null : membership;
        _found = (projectId, username, membership);
        return membership;
    }

    /// <returns>null when allowed, otherwise the problem result to return.</returns>
    public async Task<IResult?> CheckAsync(Guid projectId, ClaimsPrincipal user, IReadOnlyCollection<string> roles, CancellationToken cancellationToken)
    {
        var membership = await FindAsync(projectId, user, cancellationToken);
        if (membership is null)
        {
            return Problems.NotFound("projectId", $"No project {projectId} that you are a member of.");
        }

        if (membership.Role != ProjectRoles.Lead && !roles.Contains(membership.Role!))
        {
            return Problems.Forbidden($"Your role '{membership.Role}' may not do this; it needs one of: {string.Join(", ", roles.Prepend(ProjectRoles.Lead).Distinct())}.");
        }

        return null;
    }
}

public static class ClaimsPrincipalExtensions
{
    public static string? Username(this ClaimsPrincipal user) => user.FindFirst("sub")?.Value ?? user.Identity?.Name;
}

using System.Security.Claims;
using EvSysReview.Screening.Core.Decisions;
using EvSysReview.ServiceDefaults.Security;

namespace EvSysReview.Screening.Http;

/// <summary>Who is calling, in the project: the endpoint's role filter has already admitted them.</summary>
public sealed record Caller(string Username, string ProjectRole)
{
    /// <summary>Observers read under a reviewer's blinding; they never decide.</summary>
    public ScreeningRole ScreeningRole => ProjectRole switch
    {
        ProjectRoles.Lead => ScreeningRole.Lead,
        ProjectRoles.Methodologist => ScreeningRole.Methodologist,
        _ => ScreeningRole.Reviewer,
    };

    public bool CanDecide => ProjectRole is ProjectRoles.Lead or ProjectRoles.Reviewer or ProjectRoles.Methodologist;

    public static async Task<Caller> OfAsync(ProjectAccess<ScreeningModule> access, Guid projectId, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var membership = await access.FindAsync(projectId, user, cancellationToken);
        return new Caller(user.Username()!, membership?.Role ?? ProjectRoles.Observer);
    }
}

namespace EvSysReview.ServiceDefaults.Security;

/// <summary>
/// A module's read model of one user's membership in one project, kept from the reviews service's
/// events. Role is null after the user left. Version is the project's membership version of the
/// last applied change, so an older event that arrives late is ignored.
/// </summary>
public sealed record Membership(Guid ProjectId, string Username, string? Role, long Version)
{
    public const string Collection = "memberships";

    public static string Key(Guid projectId, string username) => $"{projectId:N}:{username}";
}

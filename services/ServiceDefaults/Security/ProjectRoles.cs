namespace EvSysReview.ServiceDefaults.Security;

/// <summary>The four team roles. A lead may do everything; the others are listed per endpoint.</summary>
public static class ProjectRoles
{
    public const string Lead = "lead";
    public const string Reviewer = "reviewer";
    public const string Methodologist = "methodologist";
    public const string Observer = "observer";

    public static readonly string[] All = [Lead, Reviewer, Methodologist, Observer];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role);
}

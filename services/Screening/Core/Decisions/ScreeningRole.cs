namespace EvSysReview.Screening.Core.Decisions;

/// <summary>The team role under which someone acts on a screening item.</summary>
public enum ScreeningRole
{
    Reviewer,
    Methodologist,
    Lead,
}

public static class ScreeningRoleRules
{
    /// <summary>Methodologists and leads resolve conflicts and see every decision on a conflicted item.</summary>
    public static bool CanAdjudicate(this ScreeningRole role) => role is ScreeningRole.Methodologist or ScreeningRole.Lead;
}

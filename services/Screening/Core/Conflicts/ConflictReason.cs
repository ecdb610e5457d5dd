namespace EvSysReview.Screening.Core.Conflicts;

public enum ConflictReason
{
    /// <summary>One reviewer includes, another excludes.</summary>
    Disagreement,

    /// <summary>At least one reviewer said maybe.</summary>
    Maybe,

    /// <summary>Full text: everyone excludes, but for different reasons (PRISMA needs one).</summary>
    ExclusionReasonDiffers,
}

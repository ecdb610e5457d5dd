namespace EvSysReview.Contracts.Screening;

/// <summary>
/// A study's final exclusion, with the stage and reason (PRISMA counts them). Also sent when a study
/// included earlier is excluded after the fact (a retraction): downstream work on it is withdrawn.
/// </summary>
public sealed record StudyExcluded : IntegrationEvent
{
    public required Guid StudyId { get; init; }

    public required string Stage { get; init; }

    public required string Reason { get; init; }

    /// <summary>Excluded by the ranking model's "ineligible by automation" threshold, counted apart in PRISMA.</summary>
    public bool ByAutomation { get; init; }

    public bool WasIncluded { get; init; }
}

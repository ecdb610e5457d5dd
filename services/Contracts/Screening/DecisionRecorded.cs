namespace EvSysReview.Contracts.Screening;

/// <summary>
/// A reviewer's decision (never another reviewer's while blinded: events go to services, not to
/// reviewers). Published only where the deployment sets Screening:Events:PublishReviewerDecisions.
/// </summary>
public sealed record DecisionRecorded : IntegrationEvent
{
    public required Guid ItemId { get; init; }

    public required Guid RecordId { get; init; }

    /// <summary>"title-abstract" or "full-text".</summary>
    public required string Stage { get; init; }

    public required string Reviewer { get; init; }

    /// <summary>"include", "exclude" or "maybe".</summary>
    public required string Decision { get; init; }

    public string? Reason { get; init; }
}

namespace EvSysReview.Contracts.Screening;

/// <summary>
/// A reviewer took back their decision on an item that was not final yet; the item awaits decisions
/// again. ConflictClosed: the item had been in conflict (ConflictRaised went out) and no longer is,
/// so a conflict count or queue built from the events drops it. Consumers of DecisionRecorded
/// learn here that the decision no longer stands. Always published (unlike DecisionRecorded): a
/// withdrawal that closes a conflict is the undo of a ConflictRaised.
/// </summary>
public sealed record DecisionWithdrawn : IntegrationEvent
{
    public required Guid ItemId { get; init; }

    public required Guid RecordId { get; init; }

    /// <summary>"title-abstract" or "full-text".</summary>
    public required string Stage { get; init; }

    public required string Reviewer { get; init; }

    public bool ConflictClosed { get; init; }
}

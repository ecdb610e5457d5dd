namespace EvSysReview.Contracts;

/// <summary>
/// What every integration event carries. EventId is the idempotency key consumers record in their
/// inbox; CorrelationId ties the events of one user action together across services.
/// <para>
/// EventId is a version 7 GUID (time first): the outbox's and every inbox's index on it then take
/// each new id at their right edge, on a page the batch shares, instead of on a random page of a
/// growing index per event (docs/performance.md).
/// </para>
/// </summary>
public abstract record IntegrationEvent
{
    public Guid EventId { get; init; } = Guid.CreateVersion7();

    public DateTimeOffset OccurredAt { get; init; } = DateTimeOffset.UtcNow;

    public Guid ProjectId { get; init; }

    public Guid CorrelationId { get; init; } = Guid.NewGuid();

    /// <summary>Bumped when a field's meaning changes; consumers may branch on it.</summary>
    public int SchemaVersion { get; init; } = 1;
}

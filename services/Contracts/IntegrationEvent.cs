namespace EvSysReview.Contracts;

/// <summary>
/// What every integration event carries. EventId is the idempotency key consumers record in their
/// inbox; CorrelationId ties the events of one user action together across services.
/// </summary>
public abstract record IntegrationEvent
{
    public Guid EventId { get; init; } = Guid.NewGuid();

    public DateTimeOffset OccurredAt { get; init; } = DateTimeOffset.UtcNow;

    public Guid ProjectId { get; init; }

    public Guid CorrelationId { get; init; } = Guid.NewGuid();

    /// <summary>Bumped when a field's meaning changes; consumers may branch on it.</summary>
    public int SchemaVersion { get; init; } = 1;
}

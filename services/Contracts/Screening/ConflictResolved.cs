namespace EvSysReview.Contracts.Screening;

public sealed record ConflictResolved : IntegrationEvent
{
    public required Guid ItemId { get; init; }

    public required Guid RecordId { get; init; }

    public required string Stage { get; init; }

    public required string ResolvedBy { get; init; }

    public required string Decision { get; init; }

    public string? Reason { get; init; }
}

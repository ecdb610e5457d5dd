namespace EvSysReview.Contracts.Screening;

public sealed record ConflictRaised : IntegrationEvent
{
    public required Guid ItemId { get; init; }

    public required Guid RecordId { get; init; }

    public required string Stage { get; init; }
}

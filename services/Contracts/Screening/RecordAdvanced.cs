namespace EvSysReview.Contracts.Screening;

/// <summary>A record included at title/abstract moved on to full-text screening.</summary>
public sealed record RecordAdvanced : IntegrationEvent
{
    public required Guid RecordId { get; init; }

    public required string FromStage { get; init; }

    public required string ToStage { get; init; }
}

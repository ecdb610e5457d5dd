namespace EvSysReview.Contracts.Screening;

/// <summary>
/// A lead kept a retracted citation: the StudyExcluded{Reason: "retracted"} sent for it no longer
/// stands and the item returns to what its decisions say (Status: "open", "conflict" or "final";
/// a final include sends StudyIncluded again, a final exclude StudyExcluded with its own reason).
/// </summary>
public sealed record RetractionOverridden : IntegrationEvent
{
    public required Guid ItemId { get; init; }

    public required Guid RecordId { get; init; }

    public required string Stage { get; init; }

    public required string Lead { get; init; }

    public required string Note { get; init; }

    public required string Status { get; init; }
}

namespace EvSysReview.Contracts.Ingestion;

/// <summary>A citation already imported is now known to be retracted (RetractionIn, or a retraction notice arrived).</summary>
public sealed record CitationRetracted : IntegrationEvent
{
    public required Guid RecordId { get; init; }

    public string? Pmid { get; init; }

    /// <summary>The PMID of the retraction notice, when known.</summary>
    public string? NoticePmid { get; init; }
}

namespace EvSysReview.Contracts.Ingestion;

/// <summary>A record joined an existing cluster instead of becoming a new citation (counted in PRISMA as a duplicate removed).</summary>
public sealed record DuplicateDetected : IntegrationEvent
{
    public required Guid RecordId { get; init; }

    public required Guid DuplicateSourceRecordId { get; init; }

    public required string Source { get; init; }

    /// <summary>"pmid", "doi", "pmcid" or "title-year-author".</summary>
    public required string MatchedOn { get; init; }
}

namespace EvSysReview.Contracts.Ingestion;

/// <summary>A record joined an existing cluster instead of becoming a new citation (counted in PRISMA as a duplicate removed).</summary>
public sealed record DuplicateDetected : IntegrationEvent
{
    /// <summary>The citation the duplicate joined: its cluster's id, the RecordId every other event (CitationImported, screening, PRISMA) uses.</summary>
    public required Guid RecordId { get; init; }

    /// <summary>The source record that turned out to be a duplicate (removed before screening).</summary>
    public required Guid DuplicateSourceRecordId { get; init; }

    /// <summary>The source of the duplicate record (DuplicateSourceRecordId).</summary>
    public required string Source { get; init; }

    /// <summary>"pmid", "doi", "pmcid" or "title-year-author".</summary>
    public required string MatchedOn { get; init; }
}

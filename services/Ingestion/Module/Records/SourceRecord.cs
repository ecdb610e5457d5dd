using EvSysReview.Ingestion.Citations;

namespace EvSysReview.Ingestion.Records;

/// <summary>
/// One record as a source delivered it (a file's record, an alert's PubMed article), kept whole
/// even when it turns out to be a duplicate: clusters keep every source record. Sequence is the
/// order it was added to its project, the order the deduplicator is rebuilt in.
/// </summary>
public sealed record SourceRecord
{
    public const string Collection = "source-records";

    public required Guid Id { get; init; }

    public required Guid ProjectId { get; init; }

    public required long Sequence { get; init; }

    /// <summary>The PRISMA source ("pubmed-alert", "file:ris" or the name given with ?source=).</summary>
    public required string Source { get; init; }

    /// <summary>The import or alert run that delivered it.</summary>
    public required Guid ImportId { get; init; }

    public Guid? SearchId { get; init; }

    public required CitationRecord Citation { get; init; }

    public required DateTimeOffset AddedAt { get; init; }

    /// <summary>The deduplicator's verdict when it was added, so a resumed import counts it the same way again.</summary>
    public required bool Duplicate { get; init; }

    public string? MatchedOn { get; init; }
}

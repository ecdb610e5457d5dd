namespace EvSysReview.Contracts.Ingestion;

/// <summary>An import or alert run ended; the counts feed PRISMA's identification box.</summary>
public sealed record ImportCompleted : IntegrationEvent
{
    public required Guid ImportId { get; init; }

    public required string Source { get; init; }

    public required int RecordsRead { get; init; }

    public required int RecordsImported { get; init; }

    public required int Duplicates { get; init; }

    public required int Errors { get; init; }
}

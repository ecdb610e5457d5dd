namespace EvSysReview.Contracts.Ingestion;

/// <summary>
/// An import or alert run ended; the counts feed PRISMA's identification box. A run that failed after
/// committing records sends one too (<see cref="Failed"/>), with what it committed: those records are in
/// the project, and a later run recognises them as already imported rather than counting them again, so
/// without it the imports would not add up to the records identified.
/// </summary>
public sealed record ImportCompleted : IntegrationEvent
{
    public required Guid ImportId { get; init; }

    public required string Source { get; init; }

    public required int RecordsRead { get; init; }

    public required int RecordsImported { get; init; }

    public required int Duplicates { get; init; }

    public required int Errors { get; init; }

    /// <summary>The run failed after committing the records counted here; absent (false) from earlier versions.</summary>
    public bool Failed { get; init; }
}

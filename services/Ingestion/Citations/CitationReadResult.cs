namespace EvSysReview.Ingestion.Citations;

/// <summary>
/// What a reader yields for each record: the record, or why it could not be read. A bad record
/// never stops the import of the good ones around it (see docs/ingestion-formats.md).
/// </summary>
public sealed record CitationReadResult
{
    private CitationReadResult(CitationRecord? record, RecordError? error)
    {
        Record = record;
        Error = error;
    }

    public CitationRecord? Record { get; }

    public RecordError? Error { get; }

    public bool IsRecord => Record is not null;

    public static CitationReadResult Success(CitationRecord record) => new(record, null);

    public static CitationReadResult Failure(RecordError error) => new(null, error);
}

/// <summary>
/// A record (or the rest of a file) that could not be read. <see cref="Line"/> and
/// <see cref="Position"/> are one-based and point at where the problem was found.
/// </summary>
public sealed record RecordError(int RecordIndex, int? Line, int? Position, string Reason);

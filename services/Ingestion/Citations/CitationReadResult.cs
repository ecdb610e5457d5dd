namespace EvSysReview.Ingestion.Citations;

/// <summary>
/// What a reader yields for each record: the record, or why it could not be read. A bad record
/// never stops the import of the good ones around it (see docs/ingestion-formats.md).
/// </summary>
public sealed record CitationReadResult
{
    private CitationReadResult(CitationRecord? record, RecordError? error, bool endsInput = false, string? pmid = null)
    {
        Record = record;
        Error = error;
        EndsInput = endsInput;
        Pmid = pmid;
    }

    public CitationRecord? Record { get; }

    public RecordError? Error { get; }

    /// <summary>
    /// The PMID of a record that could not be mapped, when the reader got that far: an alert run
    /// asked for that PMID and must say which one it could not import.
    /// </summary>
    public string? Pmid { get; }

    public bool IsRecord => Record is not null;

    /// <summary>
    /// The error ended the read (malformed XML, a size cap, not the expected document): the records
    /// after it were never seen, unlike a bad record the reader stepped over.
    /// </summary>
    public bool EndsInput { get; }

    public static CitationReadResult Success(CitationRecord record) => new(record, null);

    public static CitationReadResult Failure(RecordError error, string? pmid = null) => new(null, error, pmid: pmid);

    /// <summary>An error after which the reader yields nothing more.</summary>
    public static CitationReadResult Fatal(RecordError error) => new(null, error, endsInput: true);
}

/// <summary>
/// A record (or the rest of a file) that could not be read. <see cref="Line"/> and
/// <see cref="Position"/> are one-based and point at where the problem was found.
/// </summary>
public sealed record RecordError(int RecordIndex, int? Line, int? Position, string Reason);

namespace EvSysReview.Ingestion.Citations.Text;

/// <summary>
/// The state of one read of a line-based format. The driver feeds it lines; it adds each
/// finished record (or error) to the output list. Keeping the format logic free of I/O lets the
/// sync and async readers share it.
/// </summary>
internal abstract class TextRecordParser(CitationReaderOptions options)
{
    private long recordChars;

    protected int NextIndex { get; private set; }

    /// <summary>Set when the current record outgrew <see cref="CitationReaderOptions.MaxRecordBytes"/>; its lines are skipped to its end.</summary>
    protected bool SkippingOversizedRecord { get; private set; }

    public abstract void Accept(string line, int lineNumber, List<CitationReadResult> output);

    public abstract void Complete(List<CitationReadResult> output);

    /// <summary>The input ended badly (a size cap); the record being read is dropped, never kept half-read.</summary>
    public void Abort(int line, string reason, List<CitationReadResult> output) =>
        output.Add(CitationReadResult.Fatal(new RecordError(TakeIndex(), line, null, reason + "; the rest of the file was not read")));

    /// <summary>Counts a line towards the current record; true when the record is now too large.</summary>
    protected bool CountTowardsRecord(string line, int startLine, List<CitationReadResult> output)
    {
        if (SkippingOversizedRecord) return true;
        recordChars += line.Length + 1;
        if (recordChars <= options.MaxRecordBytes) return false;
        SkippingOversizedRecord = true;
        output.Add(Failure(startLine, $"record is larger than the limit of {options.MaxRecordBytes} characters"));
        return true;
    }

    protected void ResetRecordSize()
    {
        recordChars = 0;
        SkippingOversizedRecord = false;
    }

    protected int TakeIndex() => NextIndex++;

    protected CitationReadResult Failure(int? line, string reason) =>
        CitationReadResult.Failure(new RecordError(TakeIndex(), line, null, reason));
}

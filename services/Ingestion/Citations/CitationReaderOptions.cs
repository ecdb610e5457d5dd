namespace EvSysReview.Ingestion.Citations;

/// <summary>
/// Limits that keep one upload from exhausting the service: readers stop with a
/// <see cref="RecordError"/> instead of reading on.
/// </summary>
public sealed record CitationReaderOptions
{
    public static CitationReaderOptions Default { get; } = new();

    /// <summary>Bytes read from the input stream (after decompression) before the reader gives up.</summary>
    public long MaxInputBytes { get; init; } = 4L * 1024 * 1024 * 1024;

    /// <summary>Bytes (XML) or characters (text formats) one record may take.</summary>
    public long MaxRecordBytes { get; init; } = 16L * 1024 * 1024;
}

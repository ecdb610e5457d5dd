namespace EvSysReview.Ingestion.Citations;

/// <summary>
/// Reads one import format as a stream of records, one at a time, so memory stays flat however
/// large the file. Readers never close the stream they are given.
/// </summary>
public interface ICitationReader
{
    CitationFormat Format { get; }

    IEnumerable<CitationReadResult> Read(Stream input);

    IAsyncEnumerable<CitationReadResult> ReadAsync(Stream input, CancellationToken cancellationToken = default);
}

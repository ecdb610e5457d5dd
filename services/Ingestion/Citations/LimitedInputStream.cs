namespace EvSysReview.Ingestion.Citations;

/// <summary>
/// Counts bytes as a reader pulls them and fails as soon as a cap is crossed, so an oversized
/// upload or record is refused while it streams in, not after it has been buffered.
/// </summary>
internal sealed class LimitedInputStream(Stream inner, CitationReaderOptions options) : Stream
{
    private long recordStart = -1;
    private string counted = "record";

    public long BytesRead { get; private set; }

    /// <summary>
    /// Bytes a buffering reader may have pulled ahead of the record; the cap applies after this
    /// allowance, so a reader with a large buffer does not fail small records.
    /// </summary>
    public long RecordSlack { get; init; }

    /// <summary>Starts counting the current record's size from here; <paramref name="what"/> names it in the error.</summary>
    public void BeginRecord(string what = "record")
    {
        recordStart = BytesRead;
        counted = what;
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Count(int read)
    {
        BytesRead += read;
        if (BytesRead > options.MaxInputBytes)
            throw new InputTooLargeException($"input is larger than the limit of {options.MaxInputBytes} bytes");
        // The reader buffers ahead, so the record size seen here is an over-estimate by at most one buffer.
        if (recordStart >= 0 && BytesRead - recordStart > options.MaxRecordBytes + RecordSlack)
            throw new InputTooLargeException($"{counted} is larger than the limit of {options.MaxRecordBytes} bytes");
        return read;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>A size cap from <see cref="CitationReaderOptions"/> was crossed.</summary>
public sealed class InputTooLargeException(string message) : Exception(message);

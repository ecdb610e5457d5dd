using System.IO.Compression;

namespace EvSysReview.Ingestion.Citations;

/// <summary>
/// MEDLINE baseline files and large exports arrive gzipped (.xml.gz, .csv.gz); the magic bytes,
/// not the file name, decide, because uploads often lose or change their names.
/// </summary>
public static class CompressedInput
{
    public static Stream OpenPossiblyGzipped(Stream input)
    {
        var head = new byte[2];
        var read = input.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return Wrap(input, head, read);
    }

    /// <summary>For request bodies, where ASP.NET Core refuses synchronous reads.</summary>
    public static async Task<Stream> OpenPossiblyGzippedAsync(Stream input, CancellationToken cancellationToken = default)
    {
        var head = new byte[2];
        var read = await input.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        return Wrap(input, head, read);
    }

    private static Stream Wrap(Stream input, byte[] head, int read)
    {
        var rest = new PrefixedStream(head.AsMemory(0, read), input);
        return read == 2 && head[0] == 0x1f && head[1] == 0x8b ? new GZipStream(rest, CompressionMode.Decompress) : rest;
    }

    /// <summary>Gives back bytes already consumed for sniffing, then the rest of the stream.</summary>
    private sealed class PrefixedStream(ReadOnlyMemory<byte> prefix, Stream inner) : Stream
    {
        private ReadOnlyMemory<byte> pending = prefix;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (pending.IsEmpty) return inner.Read(buffer);
            var n = Math.Min(buffer.Length, pending.Length);
            pending.Span[..n].CopyTo(buffer);
            pending = pending[n..];
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            pending.IsEmpty ? inner.ReadAsync(buffer, cancellationToken) : ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

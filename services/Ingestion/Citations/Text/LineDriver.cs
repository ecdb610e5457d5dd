using System.Text;

namespace EvSysReview.Ingestion.Citations.Text;

/// <summary>
/// Reads lines (UTF-8 unless a BOM says otherwise; CRLF, LF or CR) and feeds them to a parser.
/// A crossed size cap ends the read with one error after what was already read.
/// </summary>
internal static class LineDriver
{
    private const int BufferSize = 64 * 1024;

    public static IEnumerable<CitationReadResult> Run(Stream input, CitationReaderOptions options, TextRecordParser parser)
    {
        var limited = new LimitedInputStream(input, options) { RecordSlack = 2 * BufferSize };
        using var reader = new StreamReader(limited, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, BufferSize, leaveOpen: true);
        var feed = new LineFeed(parser);
        bool more;
        do
        {
            more = feed.Take(ReadLine(reader, limited));
            foreach (var result in feed.Output) yield return result;
            feed.Output.Clear();
        }
        while (more);
    }

    public static async IAsyncEnumerable<CitationReadResult> RunAsync(
        Stream input, CitationReaderOptions options, TextRecordParser parser,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var limited = new LimitedInputStream(input, options) { RecordSlack = 2 * BufferSize };
        using var reader = new StreamReader(limited, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, BufferSize, leaveOpen: true);
        var feed = new LineFeed(parser);
        bool more;
        do
        {
            more = feed.Take(await ReadLineAsync(reader, limited, cancellationToken).ConfigureAwait(false));
            foreach (var result in feed.Output) yield return result;
            feed.Output.Clear();
        }
        while (more);
    }

    // Each line is held to the byte cap (plus the reader's buffer): no line is longer than a record,
    // and this stops a newline-free upload while it streams instead of after it is one huge string.
    // The exact per-record cap is the parser's character count.
    private static LineRead ReadLine(StreamReader reader, LimitedInputStream limited)
    {
        limited.BeginRecord();
        try
        {
            return new LineRead(reader.ReadLine(), null);
        }
        catch (InputTooLargeException ex)
        {
            return new LineRead(null, ex.Message);
        }
    }

    private static async ValueTask<LineRead> ReadLineAsync(StreamReader reader, LimitedInputStream limited, CancellationToken cancellationToken)
    {
        limited.BeginRecord();
        try
        {
            return new LineRead(await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false), null);
        }
        catch (InputTooLargeException ex)
        {
            return new LineRead(null, ex.Message);
        }
    }

    private readonly record struct LineRead(string? Line, string? TooLarge);

    private sealed class LineFeed(TextRecordParser parser)
    {
        private int lineNumber;

        public List<CitationReadResult> Output { get; } = [];

        /// <summary>Hands one read to the parser; false once the input is over.</summary>
        public bool Take(LineRead read)
        {
            if (read.TooLarge is not null)
            {
                parser.Abort(lineNumber + 1, read.TooLarge, Output);
                return false;
            }
            if (read.Line is null)
            {
                parser.Complete(Output);
                return false;
            }
            parser.Accept(read.Line, ++lineNumber, Output);
            return true;
        }
    }
}

using System.Text;

namespace EvSysReview.Ingestion.Citations.Text;

/// <summary>
/// Reads lines (UTF-8 unless a BOM says otherwise; CRLF, LF or CR) and feeds them to a parser.
/// A crossed input cap ends the read with one error after what was already read.
/// </summary>
internal static class LineDriver
{
    private const int BufferSize = 64 * 1024;

    public static IEnumerable<CitationReadResult> Run(Stream input, CitationReaderOptions options, TextRecordParser parser)
    {
        var limited = new LimitedInputStream(input, options);
        using var reader = new StreamReader(limited, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, BufferSize, leaveOpen: true);
        var output = new List<CitationReadResult>();
        var lineNumber = 0;
        while (true)
        {
            var (line, tooLarge) = ReadLine(reader, limited);
            if (tooLarge is not null)
            {
                parser.Abort(lineNumber + 1, tooLarge, output);
                break;
            }
            if (line is null)
            {
                parser.Complete(output);
                break;
            }
            parser.Accept(line, ++lineNumber, output);
            foreach (var result in output) yield return result;
            output.Clear();
        }
        foreach (var result in output) yield return result;
    }

    public static async IAsyncEnumerable<CitationReadResult> RunAsync(
        Stream input, CitationReaderOptions options, TextRecordParser parser,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var limited = new LimitedInputStream(input, options);
        using var reader = new StreamReader(limited, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, BufferSize, leaveOpen: true);
        var output = new List<CitationReadResult>();
        var lineNumber = 0;
        while (true)
        {
            var (line, tooLarge) = await ReadLineAsync(reader, limited, cancellationToken).ConfigureAwait(false);
            if (tooLarge is not null)
            {
                parser.Abort(lineNumber + 1, tooLarge, output);
                break;
            }
            if (line is null)
            {
                parser.Complete(output);
                break;
            }
            parser.Accept(line, ++lineNumber, output);
            foreach (var result in output) yield return result;
            output.Clear();
        }
        foreach (var result in output) yield return result;
    }

    // Each line is counted as a "record" by the byte cap: no line is longer than a record, and
    // this stops a newline-free upload while it streams instead of after it is one huge string.
    private static (string? Line, string? TooLarge) ReadLine(StreamReader reader, LimitedInputStream limited)
    {
        limited.BeginRecord();
        try
        {
            return (reader.ReadLine(), null);
        }
        catch (InputTooLargeException ex)
        {
            return (null, ex.Message);
        }
    }

    private static async ValueTask<(string? Line, string? TooLarge)> ReadLineAsync(StreamReader reader, LimitedInputStream limited, CancellationToken cancellationToken)
    {
        limited.BeginRecord();
        try
        {
            return (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false), null);
        }
        catch (InputTooLargeException ex)
        {
            return (null, ex.Message);
        }
    }
}

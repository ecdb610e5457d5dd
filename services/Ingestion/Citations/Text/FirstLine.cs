using System.Text;

namespace EvSysReview.Ingestion.Citations.Text;

/// <summary>
/// The first non-blank line of a text upload, read before a reader is chosen (a RIS or Web of
/// Science file sent as text/plain is told from MEDLINE by it). Only a bounded prefix is read: a
/// gzip of a huge file without a line end would otherwise decompress into one string before any
/// reader's caps apply.
/// </summary>
public static class FirstLine
{
    /// <summary>Every line of MEDLINE, RIS and Web of Science is short; 64 KB of blank lines or one line is not such a file.</summary>
    public const int MaxBytes = 64 * 1024;

    private const int MaxLines = 50;

    /// <returns>The line; null when the text ends, or is still blank after 50 lines.</returns>
    /// <exception cref="InputTooLargeException">No non-blank line ends within the first <see cref="MaxBytes"/> bytes.</exception>
    public static async Task<string?> ReadAsync(Stream input, CancellationToken cancellationToken = default)
    {
        var limited = new LimitedInputStream(input, new CitationReaderOptions { MaxInputBytes = MaxBytes });
        using var text = new StreamReader(limited, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 4096, leaveOpen: true);
        try
        {
            for (var i = 0; i < MaxLines; i++)
            {
                var line = await text.ReadLineAsync(cancellationToken).ConfigureAwait(false);
                if (line is null) return null;
                if (!string.IsNullOrWhiteSpace(line)) return line;
            }

            return null;
        }
        catch (InputTooLargeException)
        {
            throw new InputTooLargeException(
                $"no line of text ends within the first {MaxBytes / 1024} KB, so this is not a MEDLINE, RIS or Web of Science text file");
        }
    }
}

namespace EvSysReview.Extraction.Core.Export;

/// <summary>RFC 4180 quoting: a field with a comma, quote, CR or LF is quoted, quotes doubled.</summary>
public static class CsvField
{
    public static string Quote(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return "";
        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
    }

    /// <summary>One record with its CRLF terminator.</summary>
    public static string Line(IEnumerable<string?> values) => string.Join(',', values.Select(Quote)) + "\r\n";
}

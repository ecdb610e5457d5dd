namespace EvSysReview.RiskOfBias.Core.Export;

/// <summary>RFC 4180 field quoting: quote when the field holds a comma, quote, CR or LF; double the quotes.</summary>
public static class CsvField
{
    public static string Quote(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return "";
        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : $"\"{value.Replace("\"", "\"\"")}\"";
    }

    /// <summary>One record, CRLF-terminated as RFC 4180 specifies.</summary>
    public static string Record(IEnumerable<string?> fields) => string.Join(',', fields.Select(Quote)) + "\r\n";
}

using System.Text.RegularExpressions;

namespace EvSysReview.Ingestion.Citations;

/// <summary>
/// Normalises identifiers the way every format and the deduplicator need them: DOIs are
/// case-insensitive by definition (so lower-case), and exports wrap them in resolver URLs.
/// </summary>
public static partial class Identifiers
{
    public static string? NormalizeDoi(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var match = DoiPattern().Match(value);
        if (!match.Success) return null;
        // Trailing punctuation comes from citation strings ("doi: 10.1/x."), never from a DOI suffix we can trust.
        return match.Value.TrimEnd('.', ',', ';').ToLowerInvariant();
    }

    public static string? NormalizePmid(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var trimmed = value.Trim();
        if (!trimmed.All(char.IsAsciiDigit)) return null;
        var withoutZeros = trimmed.TrimStart('0');
        return withoutZeros.Length == 0 ? null : withoutZeros;
    }

    public static string? NormalizePmcid(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var match = PmcidPattern().Match(value);
        return match.Success ? "PMC" + match.Groups[1].Value : null;
    }

    // A DOI starts "10.<registrant>/"; the suffix runs to whitespace.
    [GeneratedRegex(@"10\.\d{4,9}/\S+")]
    private static partial Regex DoiPattern();

    [GeneratedRegex(@"^\s*(?:PMC)?(\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex PmcidPattern();
}

using System.Text.RegularExpressions;

namespace EvSysReview.Ingestion.Citations;

/// <summary>The first plausible year in a free-text date ("2019 Jan-Feb", "2014//", "1948/07//").</summary>
internal static partial class PublicationYear
{
    public static int? Parse(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var match = YearPattern().Match(text);
        return match.Success ? int.Parse(match.Value) : null;
    }

    [GeneratedRegex(@"(?<!\d)(1[5-9]|20)\d\d(?!\d)")]
    private static partial Regex YearPattern();
}

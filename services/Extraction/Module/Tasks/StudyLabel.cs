using EvSysReview.Contracts.Ingestion;

namespace EvSysReview.Extraction.Tasks;

/// <summary>How a study is cited in tables and forest plots: first author's surname and year ("Smith 2021").</summary>
public static class StudyLabel
{
    public static string Of(CitationData citation, Guid studyId)
    {
        var author = citation.Authors.Select(Surname).FirstOrDefault(s => s.Length > 0);
        var name = author ?? $"Study {studyId.ToString("N")[..8]}";
        return citation.Year is { } year ? $"{name} {year}" : $"{name} n.d.";
    }

    /// <summary>
    /// Authors arrive as display names in the forms the importers produce: "Smith, John",
    /// "Smith JA" (MEDLINE) or "John Smith". A name ending in initials or holding a comma has its
    /// surname first; otherwise the surname is last.
    /// </summary>
    public static string Surname(string author)
    {
        var name = author.Trim();
        if (name.Length == 0) return "";
        var comma = name.IndexOf(',');
        if (comma > 0) return name[..comma].Trim();
        var parts = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 1) return parts[0];
        return IsInitials(parts[^1]) ? string.Join(' ', parts[..^1]) : parts[^1];
    }

    private static bool IsInitials(string part) =>
        part.Length <= 3 && part.Replace(".", "", StringComparison.Ordinal).All(char.IsUpper);
}

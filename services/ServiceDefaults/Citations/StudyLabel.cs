using EvSysReview.Contracts.Ingestion;

namespace EvSysReview.ServiceDefaults.Citations;

/// <summary>
/// How every service cites a study in tables, forms and plots: the first author's last name and the
/// year ("Shen 2019"), as reviewers cite. One rule for all services, so the same study carries the
/// same label in extraction, risk of bias and synthesis.
/// </summary>
public static class StudyLabel
{
    public static string Of(CitationData citation, Guid studyId)
    {
        var name = FirstAuthorLastName(citation) ?? $"Study {studyId.ToString("N")[..8]}";
        return citation.Year is { } year ? $"{name} {year}" : $"{name} n.d.";
    }

    /// <summary>
    /// The structured last name ingestion sends (<see cref="CitationData.FirstAuthorLastName"/>);
    /// for events from before it was sent, read from the first author's display name.
    /// </summary>
    public static string? FirstAuthorLastName(CitationData citation)
    {
        if (!string.IsNullOrWhiteSpace(citation.FirstAuthorLastName)) return citation.FirstAuthorLastName.Trim();
        return citation.Authors.Select(Surname).FirstOrDefault(s => s.Length > 0);
    }

    /// <summary>
    /// Authors arrive as display names in the forms the importers produce: "Smith, John",
    /// "Smith JA" (MEDLINE) or "John Smith". A name ending in initials or holding a comma has its
    /// surname first; otherwise the surname is last. Ambiguous for "Shen Zhaofeng" (surname first,
    /// full fore name), which is why ingestion now sends the last name on its own.
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

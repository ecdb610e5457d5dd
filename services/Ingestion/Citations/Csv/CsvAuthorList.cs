using EvSysReview.Ingestion.Citations.Text;

namespace EvSysReview.Ingestion.Citations.Csv;

/// <summary>
/// One cell with all authors. Separators seen in real exports: "; " (Cohen 2006, Scopus,
/// Zotero), " and " with ", " (Bannach-Brown 2019: "A. B. Smith, C. D. Jones and E. F. Brown").
/// A cell with a single comma and no other separator is one "Last, First" name.
/// </summary>
internal static class CsvAuthorList
{
    public static IReadOnlyList<CitationAuthor> Parse(string? cell)
    {
        if (string.IsNullOrWhiteSpace(cell)) return [];
        IEnumerable<string> names;
        if (cell.Contains(';')) names = cell.Split(';');
        else if (cell.Contains(" and ", StringComparison.Ordinal)) names = cell.Split(" and ").SelectMany(p => p.Split(", "));
        else if (cell.Count(c => c == ',') == 1) names = [cell];
        else names = cell.Split(',');
        return names.Select(PersonName.Parse).OfType<CitationAuthor>().ToList();
    }
}

namespace EvSysReview.Ingestion.Citations.Csv;

/// <summary>
/// Which CSV column holds which field (header names, compared case-insensitively). Null means
/// the file has no such column. <see cref="Detect"/> recognises the usual export headers.
/// </summary>
public sealed record CsvColumnMapping
{
    public string? Title { get; init; }
    public string? Abstract { get; init; }
    public string? Authors { get; init; }
    public string? Year { get; init; }
    public string? Doi { get; init; }
    public string? Pmid { get; init; }
    public string? Pmcid { get; init; }
    public string? Journal { get; init; }
    public string? Volume { get; init; }
    public string? Issue { get; init; }
    public string? Pages { get; init; }
    public string? Keywords { get; init; }
    public string? Language { get; init; }

    private static readonly Dictionary<string, string[]> Synonyms = new()
    {
        [nameof(Title)] = ["title", "ti", "article title", "primary title", "document title"],
        [nameof(Abstract)] = ["abstract", "ab", "abstract note"],
        [nameof(Authors)] = ["authors", "author", "au", "author(s)", "author full names"],
        [nameof(Year)] = ["year", "py", "publication year", "pubyear", "date"],
        [nameof(Doi)] = ["doi", "di"],
        [nameof(Pmid)] = ["pmid", "pubmedid", "pubmed_id", "pubmed id", "pubmed"],
        [nameof(Pmcid)] = ["pmcid", "pmc"],
        [nameof(Journal)] = ["journal", "source title", "journal/book", "secondary title", "publication title", "so"],
        [nameof(Volume)] = ["volume", "vl"],
        [nameof(Issue)] = ["issue", "is", "number"],
        [nameof(Pages)] = ["pages", "page", "pg"],
        [nameof(Keywords)] = ["keywords", "author keywords", "kw", "manual tags"],
        [nameof(Language)] = ["language", "la"],
    };

    /// <summary>The columns by their usual headers; names come back trimmed, as the reader keys its columns ("title, authors").</summary>
    public static CsvColumnMapping Detect(IReadOnlyList<string> header)
    {
        string? Find(string field) => header.Select(h => h.Trim()).FirstOrDefault(h => Synonyms[field].Contains(h, StringComparer.OrdinalIgnoreCase));
        return new CsvColumnMapping
        {
            Title = Find(nameof(Title)), Abstract = Find(nameof(Abstract)), Authors = Find(nameof(Authors)),
            Year = Find(nameof(Year)), Doi = Find(nameof(Doi)), Pmid = Find(nameof(Pmid)), Pmcid = Find(nameof(Pmcid)),
            Journal = Find(nameof(Journal)), Volume = Find(nameof(Volume)), Issue = Find(nameof(Issue)),
            Pages = Find(nameof(Pages)), Keywords = Find(nameof(Keywords)), Language = Find(nameof(Language)),
        };
    }

    /// <summary>
    /// A mapping from field names to header names, as an upload names it ({"title": "Article Name"});
    /// field names as in <see cref="Synonyms"/>'s keys, any case. An unknown field is an error naming it.
    /// </summary>
    public static (CsvColumnMapping? Mapping, string? UnknownField) FromFields(IReadOnlyDictionary<string, string> fields)
    {
        var mapping = new CsvColumnMapping();
        foreach (var (field, column) in fields)
        {
            var value = string.IsNullOrWhiteSpace(column) ? null : column.Trim();
            mapping = field.ToLowerInvariant() switch
            {
                "title" => mapping with { Title = value },
                "abstract" => mapping with { Abstract = value },
                "authors" => mapping with { Authors = value },
                "year" => mapping with { Year = value },
                "doi" => mapping with { Doi = value },
                "pmid" => mapping with { Pmid = value },
                "pmcid" => mapping with { Pmcid = value },
                "journal" => mapping with { Journal = value },
                "volume" => mapping with { Volume = value },
                "issue" => mapping with { Issue = value },
                "pages" => mapping with { Pages = value },
                "keywords" => mapping with { Keywords = value },
                "language" => mapping with { Language = value },
                _ => null,
            };
            if (mapping is null) return (null, field);
        }
        return (mapping, null);
    }

    /// <summary>This mapping where it names a column, the detected one elsewhere (unless that column is already taken).</summary>
    public CsvColumnMapping Over(CsvColumnMapping detected)
    {
        var taken = MappedColumns().ToHashSet(StringComparer.OrdinalIgnoreCase);
        string? Pick(string? given, string? found) => given ?? (found is not null && !taken.Contains(found) ? found : null);
        return new CsvColumnMapping
        {
            Title = Pick(Title, detected.Title), Abstract = Pick(Abstract, detected.Abstract), Authors = Pick(Authors, detected.Authors),
            Year = Pick(Year, detected.Year), Doi = Pick(Doi, detected.Doi), Pmid = Pick(Pmid, detected.Pmid), Pmcid = Pick(Pmcid, detected.Pmcid),
            Journal = Pick(Journal, detected.Journal), Volume = Pick(Volume, detected.Volume), Issue = Pick(Issue, detected.Issue),
            Pages = Pick(Pages, detected.Pages), Keywords = Pick(Keywords, detected.Keywords), Language = Pick(Language, detected.Language),
        };
    }

    internal IEnumerable<string> MappedColumns() =>
        new[] { Title, Abstract, Authors, Year, Doi, Pmid, Pmcid, Journal, Volume, Issue, Pages, Keywords, Language }.OfType<string>();
}

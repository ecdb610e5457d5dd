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

    public static CsvColumnMapping Detect(IReadOnlyList<string> header)
    {
        string? Find(string field) => header.FirstOrDefault(h => Synonyms[field].Contains(h.Trim(), StringComparer.OrdinalIgnoreCase));
        return new CsvColumnMapping
        {
            Title = Find(nameof(Title)), Abstract = Find(nameof(Abstract)), Authors = Find(nameof(Authors)),
            Year = Find(nameof(Year)), Doi = Find(nameof(Doi)), Pmid = Find(nameof(Pmid)), Pmcid = Find(nameof(Pmcid)),
            Journal = Find(nameof(Journal)), Volume = Find(nameof(Volume)), Issue = Find(nameof(Issue)),
            Pages = Find(nameof(Pages)), Keywords = Find(nameof(Keywords)), Language = Find(nameof(Language)),
        };
    }

    internal IEnumerable<string> MappedColumns() =>
        new[] { Title, Abstract, Authors, Year, Doi, Pmid, Pmcid, Journal, Volume, Issue, Pages, Keywords, Language }.OfType<string>();
}

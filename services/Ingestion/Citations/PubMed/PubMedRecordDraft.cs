namespace EvSysReview.Ingestion.Citations.PubMed;

/// <summary>
/// The fields of one PubMed record as they stream past, in document order; <see cref="Build"/>
/// resolves what depends on later parts (the DOI in PubmedData comes after the article) and checks
/// the record is whole. Text values are kept as read; each rule below trims or normalises them the
/// way the record's field needs.
/// </summary>
internal sealed class PubMedRecordDraft(PubMedNode kind)
{
    public bool HasCitation;
    public bool HasArticle;
    public bool HasBookDocument;
    public string? Pmid;
    public string? ArticleTitle;
    public string? VernacularTitle;
    public string? BookTitle;
    public readonly List<AbstractSection> Sections = [];
    public readonly List<CitationAuthor> Authors = [];
    public string? JournalTitle;
    public string? IsoAbbreviation;
    public string? MedlineTA;
    public string? Volume;
    public string? Issue;
    public string? Year;
    public string? Season;
    public string? Month;
    public string? Day;
    public string? MedlineDate;
    public string? MedlinePgn;
    public string? StartPage;
    public string? EndPage;
    public readonly List<string> PublicationTypes = [];
    public bool HasDirectPublicationType;
    public string? DirectPublicationType;
    public readonly List<MeshTerm> MeshTerms = [];
    public readonly List<string> Keywords = [];
    public string? Language;
    public readonly List<CitationLink> Links = [];
    public string? ELocationDoi;
    public string? OtherIdPmcid;

    /// <summary>ArticleId by IdType, first wins: PubmedData's (or PubmedBookData's), then BookDocument's.</summary>
    public readonly Dictionary<string, string> Ids = new(StringComparer.OrdinalIgnoreCase);
    public readonly Dictionary<string, string> DocumentIds = new(StringComparer.OrdinalIgnoreCase);

    public PubMedNode Kind => kind;

    public CitationRecord Build(int recordIndex, int line)
    {
        switch (kind)
        {
            case PubMedNode.BookArticle when !HasBookDocument:
                throw new FormatException("PubmedBookArticle has no BookDocument");
            case PubMedNode.BookArticle:
                return BuildBook(recordIndex, line);
            case PubMedNode.PubmedArticle when !HasCitation:
                throw new FormatException("PubmedArticle has no MedlineCitation");
            case var _ when !HasArticle:
                throw new FormatException("MedlineCitation has no Article");
        }
        return Shared(recordIndex, line) with
        {
            Doi = Identifiers.NormalizeDoi(Ids.GetValueOrDefault("doi")) ?? Identifiers.NormalizeDoi(ELocationDoi),
            Pmcid = Identifiers.NormalizePmcid(Ids.GetValueOrDefault("pmc")) ?? OtherIdPmcid,
            Title = ArticleTitle ?? VernacularTitle,
            Journal = NullIfEmpty(JournalTitle),
            JournalIsoAbbreviation = NullIfEmpty(IsoAbbreviation) ?? NullIfEmpty(MedlineTA),
            Volume = NullIfEmpty(Volume),
            Issue = NullIfEmpty(Issue),
            Pages = Pages(),
            MeshTerms = MeshTerms,
        };
    }

    private CitationRecord BuildBook(int recordIndex, int line)
    {
        foreach (var (type, value) in DocumentIds) Ids.TryAdd(type, value);
        return Shared(recordIndex, line) with
        {
            Doi = Identifiers.NormalizeDoi(Ids.GetValueOrDefault("doi")),
            Pmcid = Identifiers.NormalizePmcid(Ids.GetValueOrDefault("pmc")),
            // A chapter is titled by its ArticleTitle and published in the book; a whole book by its BookTitle.
            Title = ArticleTitle ?? BookTitle,
            Journal = ArticleTitle is null ? null : BookTitle,
            PublicationTypes = !HasDirectPublicationType ? PublicationTypes
                : DirectPublicationType is null ? [] : [DirectPublicationType],
        };
    }

    /// <summary>The fields journal articles and books read alike.</summary>
    private CitationRecord Shared(int recordIndex, int line)
    {
        var (year, date) = Date();
        return new CitationRecord
        {
            SourceFormat = CitationFormat.PubMedXml,
            RecordIndex = recordIndex,
            SourceLine = line,
            Pmid = Identifiers.NormalizePmid(Pmid),
            Abstract = AbstractText(),
            AbstractSections = Sections,
            Authors = Authors,
            Year = year,
            PublicationDate = date,
            PublicationTypes = PublicationTypes,
            Keywords = Keywords,
            Language = NullIfEmpty(Language),
            Links = Links,
        };
    }

    // MEDLINE's flattening of a structured abstract: "LABEL: text LABEL: text".
    private string? AbstractText() =>
        Sections.Count == 0 ? null : string.Join(" ", Sections.Select(s => s.Label is null ? s.Text : $"{s.Label}: {s.Text}"));

    private (int? Year, string? Text) Date()
    {
        if (NullIfEmpty(MedlineDate) is { } medlineDate) return (PublicationYear.Parse(medlineDate), medlineDate);
        var yearText = NullIfEmpty(Year);
        // A Season, when present, stands where the month would.
        var parts = new[] { yearText, Season ?? Month, Day };
        var text = string.Join(" ", parts.Where(p => !string.IsNullOrWhiteSpace(p)));
        return (int.TryParse(yearText, out var year) ? year : null, NullIfEmpty(text));
    }

    private string? Pages()
    {
        if (NullIfEmpty(MedlinePgn) is { } medlinePages) return medlinePages;
        var start = NullIfEmpty(StartPage);
        var end = NullIfEmpty(EndPage);
        return end is null ? start : $"{start}-{end}";
    }

    public static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

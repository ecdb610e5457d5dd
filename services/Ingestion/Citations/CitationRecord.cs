namespace EvSysReview.Ingestion.Citations;

/// <summary>
/// One bibliographic record, normalised from any import format. Readers fill what their format
/// carries and leave the rest empty; identifiers are normalised (see <see cref="Identifiers"/>)
/// so that deduplication can compare them as plain strings.
/// </summary>
public sealed record CitationRecord
{
    public string? Pmid { get; init; }

    /// <summary>Lower-case, without a resolver prefix ("https://doi.org/", "doi:").</summary>
    public string? Doi { get; init; }

    /// <summary>"PMC" followed by digits.</summary>
    public string? Pmcid { get; init; }

    public string? Title { get; init; }

    /// <summary>
    /// Plain text. A structured abstract is flattened the way PubMed's MEDLINE format does it:
    /// "LABEL: text LABEL: text", so the same paper reads the same from XML and from .nbib.
    /// </summary>
    public string? Abstract { get; init; }

    public IReadOnlyList<AbstractSection> AbstractSections { get; init; } = [];

    public IReadOnlyList<CitationAuthor> Authors { get; init; } = [];

    public string? Journal { get; init; }

    public string? JournalIsoAbbreviation { get; init; }

    public string? Volume { get; init; }

    public string? Issue { get; init; }

    public string? Pages { get; init; }

    public int? Year { get; init; }

    /// <summary>The publication date as the source gives it ("2019 Jan-Feb", "2014//").</summary>
    public string? PublicationDate { get; init; }

    public IReadOnlyList<string> PublicationTypes { get; init; } = [];

    public IReadOnlyList<MeshTerm> MeshTerms { get; init; } = [];

    public IReadOnlyList<string> Keywords { get; init; } = [];

    public string? Language { get; init; }

    /// <summary>PubMed CommentsCorrections: errata, retractions, comments, updates.</summary>
    public IReadOnlyList<CitationLink> Links { get; init; } = [];

    public required CitationFormat SourceFormat { get; init; }

    /// <summary>Zero-based position of the record in its file (errors count too).</summary>
    public int RecordIndex { get; init; }

    /// <summary>One-based line where the record starts; null where the format has no lines.</summary>
    public int? SourceLine { get; init; }

    /// <summary>The record is itself a retraction notice (it retracts another record).</summary>
    public bool IsRetractionNotice =>
        PublicationTypes.Any(t => t.Equals(PublicationTypeNames.RetractionOfPublication, StringComparison.OrdinalIgnoreCase));

    /// <summary>A retraction notice for this record exists (PubMed's RetractionIn link).</summary>
    public bool IsRetracted =>
        Links.Any(l => l.Type == CitationLinkType.RetractionIn)
        || PublicationTypes.Any(t => t.Equals(PublicationTypeNames.RetractedPublication, StringComparison.OrdinalIgnoreCase));

    public CitationAuthor? FirstAuthor => Authors.Count > 0 ? Authors[0] : null;
}

public sealed record AbstractSection(string? Label, string Text);

/// <summary>A person (LastName/ForeName/Initials) or a group (CollectiveName).</summary>
public sealed record CitationAuthor
{
    public string? LastName { get; init; }

    public string? ForeName { get; init; }

    public string? Initials { get; init; }

    public string? CollectiveName { get; init; }

    public IReadOnlyList<string> Affiliations { get; init; } = [];

    public string DisplayName =>
        CollectiveName ?? string.Join(", ", new[] { LastName, ForeName ?? Initials }.Where(p => !string.IsNullOrEmpty(p)));
}

/// <summary>A MeSH heading; <see cref="MajorTopic"/> is the descriptor's own flag ("*Software").</summary>
public sealed record MeshTerm(string Descriptor, bool MajorTopic, IReadOnlyList<MeshQualifier> Qualifiers)
{
    /// <summary>Major either as a whole or through one qualifier ("Boswellia/*chemistry").</summary>
    public bool AnyMajorTopic => MajorTopic || Qualifiers.Any(q => q.MajorTopic);
}

public sealed record MeshQualifier(string Name, bool MajorTopic);

/// <summary>A link to another record, as PubMed's CommentsCorrections (RefType, target PMID).</summary>
public sealed record CitationLink(CitationLinkType Type, string RefType, string? Pmid, string? RefSource);

public enum CitationLinkType
{
    Other,
    Cites,
    CommentIn,
    CommentOn,
    ErratumIn,
    ErratumFor,
    RetractionIn,
    RetractionOf,
    PartialRetractionIn,
    PartialRetractionOf,
    ExpressionOfConcernIn,
    ExpressionOfConcernFor,
    UpdateIn,
    UpdateOf,
    RepublishedIn,
    RepublishedFrom,
    ReprintIn,
    ReprintOf,
    SummaryForPatientsIn,
    OriginalReportIn,
    CorrectedAndRepublishedIn,
    CorrectedAndRepublishedFrom,
}

public enum CitationFormat
{
    PubMedXml,
    Medline,
    Ris,
    WebOfScience,
    Csv,
}

public static class PublicationTypeNames
{
    public const string RetractionOfPublication = "Retraction of Publication";
    public const string RetractedPublication = "Retracted Publication";
}

namespace EvSysReview.Ingestion.Citations.PubMed;

/// <summary>
/// What an element means where it stands in a PubMed record. The mapper tracks one per open
/// element, so "PMID" under MedlineCitation (the record) and under CommentsCorrections (a link
/// target) or a ReferenceList (ignored) never get confused, and no subtree has to be built.
/// </summary>
internal enum PubMedNode : byte
{
    /// <summary>Not read, nor anything inside it (ReferenceList, History, Book editors, …).</summary>
    Ignored,

    // Containers.
    PubmedArticle,
    BookArticle,
    MedlineCitation,
    Article,
    Journal,
    JournalIssue,
    PubDate,
    Pagination,
    Abstract,
    AuthorList,
    Author,
    AffiliationInfo,
    PublicationTypeList,
    MeshHeadingList,
    MeshHeading,
    KeywordList,
    CommentsCorrectionsList,
    CommentsCorrections,
    MedlineJournalInfo,
    PubmedData,
    ArticleIdList,
    BookDocument,
    Book,
    BookData,

    // Text whose value is XElement.Value (all descendant text, trimmed later).
    Pmid,
    JournalTitle,
    IsoAbbreviation,
    MedlineTA,
    Volume,
    Issue,
    Year,
    Season,
    Month,
    Day,
    MedlineDate,
    MedlinePgn,
    StartPage,
    EndPage,
    LastName,
    ForeName,
    Initials,
    DescriptorName,
    QualifierName,
    Language,
    LinkPmid,
    LinkRefSource,
    ArticleId,
    ELocationId,
    OtherId,

    // Text that may carry inline HTML or MathML (flattened to plain text).
    ArticleTitle,
    VernacularTitle,
    BookTitle,
    AbstractText,
    CollectiveName,
    Affiliation,
    PublicationType,
    Keyword,

    // Elements inside a text element.
    Inline,
    InlineMath,

    /// <summary>How many kinds there are (sizes the per-record "first one seen" flags).</summary>
    Count,
}

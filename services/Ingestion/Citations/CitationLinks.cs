namespace EvSysReview.Ingestion.Citations;

/// <summary>Maps a CommentsCorrections RefType (or its MEDLINE tag) to <see cref="CitationLinkType"/>.</summary>
public static class CitationLinks
{
    public static CitationLinkType TypeOf(string refType) =>
        Enum.TryParse<CitationLinkType>(refType, ignoreCase: true, out var type) && type != CitationLinkType.Other
            ? type
            : CitationLinkType.Other;
}

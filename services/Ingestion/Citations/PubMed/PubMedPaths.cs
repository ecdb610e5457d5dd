using System.Xml;

namespace EvSysReview.Ingestion.Citations.PubMed;

/// <summary>
/// The element paths the mapper reads, as a transition from the parent's meaning and the child's
/// name to the child's meaning. Everything not listed is <see cref="PubMedNode.Ignored"/> and
/// skipped whole (ReferenceList entries carry their own ArticleIdList and PMIDs, which must not be
/// mistaken for the article's). <c>seen</c> marks the kinds already met under this parent: the
/// record keeps the first where PubMed allows one (one title, one PMID), as the tree-based mapper
/// did with XElement.Element(name).
/// </summary>
internal static class PubMedPaths
{
    public static PubMedNode Child(PubMedNode parent, string name, XmlReader element, ref UInt128 seen) => parent switch
    {
        PubMedNode.PubmedArticle => name switch
        {
            "MedlineCitation" => Once(PubMedNode.MedlineCitation, ref seen),
            "PubmedData" => Once(PubMedNode.PubmedData, ref seen),
            _ => PubMedNode.Ignored,
        },
        PubMedNode.MedlineCitation => name switch
        {
            "PMID" => Once(PubMedNode.Pmid, ref seen),
            "Article" => Once(PubMedNode.Article, ref seen),
            "MeshHeadingList" => Once(PubMedNode.MeshHeadingList, ref seen),
            "KeywordList" => PubMedNode.KeywordList,
            "CommentsCorrectionsList" => Once(PubMedNode.CommentsCorrectionsList, ref seen),
            "MedlineJournalInfo" => Once(PubMedNode.MedlineJournalInfo, ref seen),
            "OtherID" => element.GetAttribute("Source") == "NLM" ? PubMedNode.OtherId : PubMedNode.Ignored,
            _ => PubMedNode.Ignored,
        },
        PubMedNode.Article => name switch
        {
            "Journal" => Once(PubMedNode.Journal, ref seen),
            "ArticleTitle" => Once(PubMedNode.ArticleTitle, ref seen),
            "VernacularTitle" => Once(PubMedNode.VernacularTitle, ref seen),
            "Abstract" => Once(PubMedNode.Abstract, ref seen),
            "AuthorList" => Once(PubMedNode.AuthorList, ref seen),
            "Pagination" => Once(PubMedNode.Pagination, ref seen),
            "PublicationTypeList" => Once(PubMedNode.PublicationTypeList, ref seen),
            "Language" => Once(PubMedNode.Language, ref seen),
            // The first DOI-typed ELocationID only: the DOI fallback when ArticleIdList has none.
            "ELocationID" => element.GetAttribute("EIdType") == "doi" ? Once(PubMedNode.ELocationId, ref seen) : PubMedNode.Ignored,
            _ => PubMedNode.Ignored,
        },
        PubMedNode.Journal => name switch
        {
            "JournalIssue" => Once(PubMedNode.JournalIssue, ref seen),
            "Title" => Once(PubMedNode.JournalTitle, ref seen),
            "ISOAbbreviation" => Once(PubMedNode.IsoAbbreviation, ref seen),
            _ => PubMedNode.Ignored,
        },
        PubMedNode.JournalIssue => name switch
        {
            "Volume" => Once(PubMedNode.Volume, ref seen),
            "Issue" => Once(PubMedNode.Issue, ref seen),
            "PubDate" => Once(PubMedNode.PubDate, ref seen),
            _ => PubMedNode.Ignored,
        },
        PubMedNode.PubDate => name switch
        {
            "Year" => Once(PubMedNode.Year, ref seen),
            "Season" => Once(PubMedNode.Season, ref seen),
            "Month" => Once(PubMedNode.Month, ref seen),
            "Day" => Once(PubMedNode.Day, ref seen),
            "MedlineDate" => Once(PubMedNode.MedlineDate, ref seen),
            _ => PubMedNode.Ignored,
        },
        PubMedNode.Pagination => name switch
        {
            "MedlinePgn" => Once(PubMedNode.MedlinePgn, ref seen),
            "StartPage" => Once(PubMedNode.StartPage, ref seen),
            "EndPage" => Once(PubMedNode.EndPage, ref seen),
            _ => PubMedNode.Ignored,
        },
        PubMedNode.Abstract => name == "AbstractText" ? PubMedNode.AbstractText : PubMedNode.Ignored,
        PubMedNode.AuthorList => name == "Author" ? PubMedNode.Author : PubMedNode.Ignored,
        PubMedNode.Author => name switch
        {
            "LastName" => Once(PubMedNode.LastName, ref seen),
            "ForeName" => Once(PubMedNode.ForeName, ref seen),
            "Initials" => Once(PubMedNode.Initials, ref seen),
            "CollectiveName" => Once(PubMedNode.CollectiveName, ref seen),
            "AffiliationInfo" => PubMedNode.AffiliationInfo,
            // Before the 2013 DTD the affiliation stood directly on the author.
            "Affiliation" => PubMedNode.Affiliation,
            _ => PubMedNode.Ignored,
        },
        PubMedNode.AffiliationInfo => name == "Affiliation" ? Once(PubMedNode.Affiliation, ref seen) : PubMedNode.Ignored,
        PubMedNode.PublicationTypeList => name == "PublicationType" ? PubMedNode.PublicationType : PubMedNode.Ignored,
        PubMedNode.MeshHeadingList => name == "MeshHeading" ? PubMedNode.MeshHeading : PubMedNode.Ignored,
        PubMedNode.MeshHeading => name switch
        {
            "DescriptorName" => Once(PubMedNode.DescriptorName, ref seen),
            "QualifierName" => PubMedNode.QualifierName,
            _ => PubMedNode.Ignored,
        },
        PubMedNode.KeywordList => name == "Keyword" ? PubMedNode.Keyword : PubMedNode.Ignored,
        PubMedNode.CommentsCorrectionsList => name == "CommentsCorrections" ? PubMedNode.CommentsCorrections : PubMedNode.Ignored,
        PubMedNode.CommentsCorrections => name switch
        {
            "PMID" => Once(PubMedNode.LinkPmid, ref seen),
            "RefSource" => Once(PubMedNode.LinkRefSource, ref seen),
            _ => PubMedNode.Ignored,
        },
        PubMedNode.MedlineJournalInfo => name == "MedlineTA" ? Once(PubMedNode.MedlineTA, ref seen) : PubMedNode.Ignored,
        PubMedNode.PubmedData or PubMedNode.BookData => name == "ArticleIdList" ? Once(PubMedNode.ArticleIdList, ref seen) : PubMedNode.Ignored,
        PubMedNode.ArticleIdList => name == "ArticleId" ? PubMedNode.ArticleId : PubMedNode.Ignored,
        PubMedNode.BookArticle => name switch
        {
            "BookDocument" => Once(PubMedNode.BookDocument, ref seen),
            "PubmedBookData" => Once(PubMedNode.BookData, ref seen),
            _ => PubMedNode.Ignored,
        },
        PubMedNode.BookDocument => name switch
        {
            "PMID" => Once(PubMedNode.Pmid, ref seen),
            "ArticleIdList" => Once(PubMedNode.ArticleIdList, ref seen),
            "Book" => Once(PubMedNode.Book, ref seen),
            "ArticleTitle" => Once(PubMedNode.ArticleTitle, ref seen),
            "Abstract" => Once(PubMedNode.Abstract, ref seen),
            // Editors are listed on the Book; an AuthorList of another Type is not the document's authors.
            "AuthorList" => element.GetAttribute("Type") is null or "authors" ? Once(PubMedNode.AuthorList, ref seen) : PubMedNode.Ignored,
            "PublicationType" => Once(PubMedNode.PublicationType, ref seen),
            "PublicationTypeList" => Once(PubMedNode.PublicationTypeList, ref seen),
            "KeywordList" => PubMedNode.KeywordList,
            "Language" => Once(PubMedNode.Language, ref seen),
            "CommentsCorrectionsList" => Once(PubMedNode.CommentsCorrectionsList, ref seen),
            _ => PubMedNode.Ignored,
        },
        PubMedNode.Book => name switch
        {
            "PubDate" => Once(PubMedNode.PubDate, ref seen),
            "BookTitle" => Once(PubMedNode.BookTitle, ref seen),
            _ => PubMedNode.Ignored,
        },
        _ => PubMedNode.Ignored,
    };

    /// <summary>Text elements whose inline HTML and MathML are flattened (the rest keep XElement.Value).</summary>
    public static bool IsMarkupText(PubMedNode node) => node is >= PubMedNode.ArticleTitle and <= PubMedNode.Keyword;

    public static bool IsText(PubMedNode node) => node is >= PubMedNode.Pmid and <= PubMedNode.Keyword;

    private static PubMedNode Once(PubMedNode kind, ref UInt128 seen)
    {
        var bit = UInt128.One << (int)kind;
        if ((seen & bit) != 0) return PubMedNode.Ignored;
        seen |= bit;
        return kind;
    }
}

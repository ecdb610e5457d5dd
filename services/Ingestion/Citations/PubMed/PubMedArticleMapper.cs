using System.Xml.Linq;

namespace EvSysReview.Ingestion.Citations.PubMed;

/// <summary>
/// Maps one PubmedArticle, PubmedBookArticle or bare (legacy baseline) MedlineCitation element to
/// a <see cref="CitationRecord"/>. Paths are explicit child paths: ReferenceList entries carry
/// their own ArticleIdList, which must not be mistaken for the article's.
/// </summary>
internal static class PubMedArticleMapper
{
    public static CitationRecord Map(XElement element, int recordIndex, int line) =>
        element.Name.LocalName switch
        {
            "PubmedBookArticle" => MapBook(element, recordIndex, line),
            "MedlineCitation" => MapCitation(element, pubmedData: null, recordIndex, line),
            _ => MapCitation(element.Element("MedlineCitation")
                    ?? throw new FormatException("PubmedArticle has no MedlineCitation"),
                element.Element("PubmedData"), recordIndex, line),
        };

    private static CitationRecord MapCitation(XElement citation, XElement? pubmedData, int recordIndex, int line)
    {
        var article = citation.Element("Article") ?? throw new FormatException("MedlineCitation has no Article");
        var journal = article.Element("Journal");
        var issue = journal?.Element("JournalIssue");
        var (year, date) = ReadDate(issue?.Element("PubDate"));
        var ids = ArticleIds(pubmedData?.Element("ArticleIdList"));
        var (sections, abstractText) = ReadAbstract(article.Element("Abstract"));
        var title = TextOf(article.Element("ArticleTitle"));
        if (string.IsNullOrEmpty(title)) title = TextOf(article.Element("VernacularTitle"));

        return new CitationRecord
        {
            SourceFormat = CitationFormat.PubMedXml,
            RecordIndex = recordIndex,
            SourceLine = line,
            Pmid = Identifiers.NormalizePmid(citation.Element("PMID")?.Value),
            Doi = Identifiers.NormalizeDoi(ids.GetValueOrDefault("doi"))
                  ?? Identifiers.NormalizeDoi(article.Elements("ELocationID").FirstOrDefault(e => (string?)e.Attribute("EIdType") == "doi")?.Value),
            Pmcid = Identifiers.NormalizePmcid(ids.GetValueOrDefault("pmc")) ?? PmcidFromOtherId(citation),
            Title = title,
            Abstract = abstractText,
            AbstractSections = sections,
            Authors = ReadAuthors(article.Element("AuthorList")),
            Journal = NullIfEmpty(journal?.Element("Title")?.Value),
            JournalIsoAbbreviation = NullIfEmpty(journal?.Element("ISOAbbreviation")?.Value)
                                     ?? NullIfEmpty(citation.Element("MedlineJournalInfo")?.Element("MedlineTA")?.Value),
            Volume = NullIfEmpty(issue?.Element("Volume")?.Value),
            Issue = NullIfEmpty(issue?.Element("Issue")?.Value),
            Pages = ReadPages(article.Element("Pagination")),
            Year = year,
            PublicationDate = date,
            PublicationTypes = Texts(article.Element("PublicationTypeList")?.Elements("PublicationType")),
            MeshTerms = ReadMesh(citation.Element("MeshHeadingList")),
            Keywords = Texts(citation.Elements("KeywordList").SelectMany(k => k.Elements("Keyword"))),
            Language = NullIfEmpty(article.Element("Language")?.Value),
            Links = ReadLinks(citation.Element("CommentsCorrectionsList")),
        };
    }

    private static CitationRecord MapBook(XElement bookArticle, int recordIndex, int line)
    {
        var document = bookArticle.Element("BookDocument") ?? throw new FormatException("PubmedBookArticle has no BookDocument");
        var book = document.Element("Book");
        var (year, date) = ReadDate(book?.Element("PubDate"));
        var ids = ArticleIds(bookArticle.Element("PubmedBookData")?.Element("ArticleIdList"));
        foreach (var (type, value) in ArticleIds(document.Element("ArticleIdList"))) ids.TryAdd(type, value);
        var (sections, abstractText) = ReadAbstract(document.Element("Abstract"));
        var bookTitle = TextOf(book?.Element("BookTitle"));
        var chapterTitle = TextOf(document.Element("ArticleTitle"));
        // Editors are listed on the Book; only the document's own authors are its authors.
        var authors = document.Elements("AuthorList").FirstOrDefault(a => (string?)a.Attribute("Type") is null or "authors");

        return new CitationRecord
        {
            SourceFormat = CitationFormat.PubMedXml,
            RecordIndex = recordIndex,
            SourceLine = line,
            Pmid = Identifiers.NormalizePmid(document.Element("PMID")?.Value),
            Doi = Identifiers.NormalizeDoi(ids.GetValueOrDefault("doi")),
            Pmcid = Identifiers.NormalizePmcid(ids.GetValueOrDefault("pmc")),
            Title = string.IsNullOrEmpty(chapterTitle) ? bookTitle : chapterTitle,
            Journal = string.IsNullOrEmpty(chapterTitle) ? null : bookTitle,
            Abstract = abstractText,
            AbstractSections = sections,
            Authors = ReadAuthors(authors),
            Year = year,
            PublicationDate = date,
            PublicationTypes = Texts(document.Element("PublicationType") is { } single ? [single] : document.Element("PublicationTypeList")?.Elements("PublicationType")),
            Keywords = Texts(document.Elements("KeywordList").SelectMany(k => k.Elements("Keyword"))),
            Language = NullIfEmpty(document.Element("Language")?.Value),
            Links = ReadLinks(document.Element("CommentsCorrectionsList")),
        };
    }

    private static (IReadOnlyList<AbstractSection> Sections, string? Text) ReadAbstract(XElement? abstractElement)
    {
        if (abstractElement is null) return ([], null);
        var sections = abstractElement.Elements("AbstractText")
            .Select(t => new AbstractSection(NullIfEmpty((string?)t.Attribute("Label")), MarkupText.Flatten(t)))
            .Where(s => s.Text.Length > 0 || s.Label is not null)
            .ToList();
        if (sections.Count == 0) return ([], null);
        var text = string.Join(" ", sections.Select(s => s.Label is null ? s.Text : $"{s.Label}: {s.Text}"));
        return (sections, text);
    }

    private static IReadOnlyList<CitationAuthor> ReadAuthors(XElement? authorList)
    {
        if (authorList is null) return [];
        return authorList.Elements("Author").Select(a => new CitationAuthor
        {
            LastName = NullIfEmpty(a.Element("LastName")?.Value),
            ForeName = NullIfEmpty(a.Element("ForeName")?.Value),
            Initials = NullIfEmpty(a.Element("Initials")?.Value),
            CollectiveName = NullIfEmpty(a.Element("CollectiveName") is { } c ? MarkupText.Flatten(c) : null),
            // 2013+ DTDs nest AffiliationInfo; older ones put Affiliation directly on the author.
            Affiliations = Texts(a.Elements("AffiliationInfo").Select(i => i.Element("Affiliation")).Concat(a.Elements("Affiliation"))),
        }).ToList();
    }

    private static (int? Year, string? Text) ReadDate(XElement? pubDate)
    {
        if (pubDate is null) return (null, null);
        var medlineDate = NullIfEmpty(pubDate.Element("MedlineDate")?.Value);
        if (medlineDate is not null)
        {
            return (PublicationYear.Parse(medlineDate), medlineDate);
        }
        var yearText = NullIfEmpty(pubDate.Element("Year")?.Value);
        var parts = new[] { yearText, pubDate.Element("Season")?.Value ?? pubDate.Element("Month")?.Value, pubDate.Element("Day")?.Value };
        var text = string.Join(" ", parts.Where(p => !string.IsNullOrWhiteSpace(p)));
        return (int.TryParse(yearText, out var year) ? year : null, NullIfEmpty(text));
    }

    private static string? ReadPages(XElement? pagination)
    {
        if (pagination is null) return null;
        var medlinePages = NullIfEmpty(pagination.Element("MedlinePgn")?.Value);
        if (medlinePages is not null) return medlinePages;
        var start = NullIfEmpty(pagination.Element("StartPage")?.Value);
        var end = NullIfEmpty(pagination.Element("EndPage")?.Value);
        return end is null ? start : $"{start}-{end}";
    }

    private static IReadOnlyList<MeshTerm> ReadMesh(XElement? meshList)
    {
        if (meshList is null) return [];
        return meshList.Elements("MeshHeading")
            .Where(h => h.Element("DescriptorName") is not null)
            .Select(h => new MeshTerm(
                h.Element("DescriptorName")!.Value.Trim(),
                IsMajor(h.Element("DescriptorName")!),
                h.Elements("QualifierName").Select(q => new MeshQualifier(q.Value.Trim(), IsMajor(q))).ToList()))
            .ToList();

        static bool IsMajor(XElement e) => (string?)e.Attribute("MajorTopicYN") == "Y";
    }

    private static IReadOnlyList<CitationLink> ReadLinks(XElement? commentsCorrections)
    {
        if (commentsCorrections is null) return [];
        return commentsCorrections.Elements("CommentsCorrections").Select(c =>
        {
            var refType = (string?)c.Attribute("RefType") ?? "";
            return new CitationLink(
                CitationLinks.TypeOf(refType),
                refType,
                Identifiers.NormalizePmid(c.Element("PMID")?.Value),
                NullIfEmpty(c.Element("RefSource")?.Value));
        }).ToList();
    }

    private static Dictionary<string, string> ArticleIds(XElement? idList)
    {
        var ids = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (idList is null) return ids;
        foreach (var id in idList.Elements("ArticleId"))
            ids.TryAdd((string?)id.Attribute("IdType") ?? "pubmed", id.Value.Trim());
        return ids;
    }

    // The legacy baseline has no PubmedData; PMC ids appear as OtherID "PMC4688405 [Available on 12/01/16]".
    private static string? PmcidFromOtherId(XElement citation) =>
        citation.Elements("OtherID")
            .Where(o => (string?)o.Attribute("Source") == "NLM" && o.Value.TrimStart().StartsWith("PMC", StringComparison.OrdinalIgnoreCase))
            .Select(o => Identifiers.NormalizePmcid(o.Value))
            .FirstOrDefault(p => p is not null);

    private static string? TextOf(XElement? element) => element is null ? null : NullIfEmpty(MarkupText.Flatten(element));

    private static List<string> Texts(IEnumerable<XElement?>? elements) =>
        elements is null ? [] : elements.Select(e => e is null ? null : NullIfEmpty(MarkupText.Flatten(e))).OfType<string>().ToList();

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

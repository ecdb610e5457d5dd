using EvSysReview.Contracts.Ingestion;
using EvSysReview.Ingestion.Citations;

namespace EvSysReview.Ingestion.Records;

/// <summary>The normalised record as the integration event carries it (flat strings a screener reads).</summary>
public static class CitationDataMapping
{
    public const string NoTitle = "(no title)";

    public static CitationData ToData(CitationRecord record, bool retracted) => new()
    {
        Pmid = record.Pmid,
        Doi = record.Doi,
        Pmcid = record.Pmcid,
        Title = string.IsNullOrWhiteSpace(record.Title) ? NoTitle : record.Title,
        Abstract = record.Abstract,
        AbstractSections = record.AbstractSections.Select(s => new AbstractSectionData(s.Label, s.Text)).ToList(),
        Authors = record.Authors.Select(AuthorName).ToList(),
        FirstAuthorLastName = record.FirstAuthor is { } first ? first.CollectiveName ?? first.LastName : null,
        Journal = record.Journal,
        Year = record.Year,
        PublicationDate = record.PublicationDate,
        PublicationTypes = record.PublicationTypes,
        // MEDLINE's own notation ("Boswellia/*chemistry"), so the major-topic marks survive the flattening.
        MeshTerms = record.MeshTerms.Select(m => (m.MajorTopic ? "*" : "") + m.Descriptor + string.Concat(m.Qualifiers.Select(q => "/" + (q.MajorTopic ? "*" : "") + q.Name))).ToList(),
        Keywords = record.Keywords,
        Language = record.Language,
        Retracted = retracted,
    };

    /// <summary>"Surname Initials" as PubMed shows authors; a group keeps its name.</summary>
    public static string AuthorName(CitationAuthor author) =>
        author.CollectiveName ?? string.Join(" ", new[] { author.LastName, author.Initials ?? author.ForeName }.Where(p => !string.IsNullOrEmpty(p)));
}

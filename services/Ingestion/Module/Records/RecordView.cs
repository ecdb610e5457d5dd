using EvSysReview.Ingestion.Citations;

namespace EvSysReview.Ingestion.Records;

/// <summary>
/// GET .../records: one citation per duplicate cluster (its id is the cluster's id, the RecordId of
/// CitationImported), showing the cluster's primary (most complete) record, and the source records behind it.
/// </summary>
public sealed record RecordView(
    Guid Id,
    string? Pmid,
    string? Doi,
    string? Pmcid,
    string Title,
    string? Abstract,
    IReadOnlyList<AbstractSectionView> AbstractSections,
    IReadOnlyList<AuthorView> Authors,
    string? Journal,
    int? Year,
    string? PublicationDate,
    IReadOnlyList<string> PublicationTypes,
    IReadOnlyList<MeshTermView> MeshTerms,
    IReadOnlyList<string> Keywords,
    string? Language,
    bool Retracted,
    Guid PrimaryRecordId,
    IReadOnlyList<SourceRecordSummary> Sources)
{
    public static RecordView From(Guid clusterId, SourceRecord primary, bool retracted, IEnumerable<SourceRecord> members)
    {
        var c = primary.Citation;
        return new RecordView(
            clusterId, c.Pmid, c.Doi, c.Pmcid, string.IsNullOrWhiteSpace(c.Title) ? CitationDataMapping.NoTitle : c.Title, c.Abstract,
            c.AbstractSections.Select(s => new AbstractSectionView(s.Label, s.Text)).ToList(),
            c.Authors.Select(a => new AuthorView(a.LastName, a.ForeName, a.Initials, a.CollectiveName)).ToList(),
            c.Journal, c.Year, c.PublicationDate, c.PublicationTypes,
            c.MeshTerms.Select(m => new MeshTermView(m.Descriptor, m.MajorTopic, m.Qualifiers.Select(q => new MeshQualifierView(q.Name, q.MajorTopic)).ToList())).ToList(),
            c.Keywords, c.Language, retracted, primary.Id,
            members.Select(SourceRecordSummary.From).ToList());
    }
}

public sealed record AbstractSectionView(string? Label, string Text);

public sealed record AuthorView(string? LastName, string? ForeName, string? Initials, string? CollectiveName);

public sealed record MeshTermView(string Descriptor, bool MajorTopic, IReadOnlyList<MeshQualifierView> Qualifiers);

public sealed record MeshQualifierView(string Name, bool MajorTopic);

/// <summary>A source record in a cluster: enough to tell where it came from and why it matched.</summary>
public sealed record SourceRecordSummary(Guid RecordId, string Source, Guid ImportId, CitationFormat Format, string? Pmid, string? Doi, string? Title, int? Year, bool Duplicate, string? MatchedOn)
{
    public static SourceRecordSummary From(SourceRecord r) =>
        new(r.Id, r.Source, r.ImportId, r.Citation.SourceFormat, r.Citation.Pmid, r.Citation.Doi, r.Citation.Title, r.Citation.Year, r.Duplicate, r.MatchedOn);
}

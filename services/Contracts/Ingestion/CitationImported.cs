namespace EvSysReview.Contracts.Ingestion;

/// <summary>
/// A new citation (one per duplicate cluster: the cluster's primary record), ready to screen.
/// RecordId is stable for the cluster, so a consumer keys its items on it.
/// </summary>
public sealed record CitationImported : IntegrationEvent
{
    public required Guid RecordId { get; init; }

    public required Guid ImportId { get; init; }

    /// <summary>"pubmed-alert", "file:ris", ... as shown in PRISMA's identification box.</summary>
    public required string Source { get; init; }

    public required CitationData Citation { get; init; }
}

/// <summary>The normalised record a screening reviewer reads.</summary>
public sealed record CitationData
{
    public string? Pmid { get; init; }

    public string? Doi { get; init; }

    public string? Pmcid { get; init; }

    public required string Title { get; init; }

    public string? Abstract { get; init; }

    public IReadOnlyList<AbstractSectionData> AbstractSections { get; init; } = [];

    public IReadOnlyList<string> Authors { get; init; } = [];

    /// <summary>
    /// The first author's last name as the source structures it (a group's name for a group
    /// author), so a study label never has to guess it from a display name such as "Shen Zhaofeng".
    /// Null when there is no author, and in events from before it was sent.
    /// </summary>
    public string? FirstAuthorLastName { get; init; }

    public string? Journal { get; init; }

    public int? Year { get; init; }

    public string? PublicationDate { get; init; }

    public IReadOnlyList<string> PublicationTypes { get; init; } = [];

    public IReadOnlyList<string> MeshTerms { get; init; } = [];

    public IReadOnlyList<string> Keywords { get; init; } = [];

    public string? Language { get; init; }

    public bool Retracted { get; init; }
}

public sealed record AbstractSectionData(string? Label, string Text);

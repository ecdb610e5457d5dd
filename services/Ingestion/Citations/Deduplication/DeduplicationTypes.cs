namespace EvSysReview.Ingestion.Citations.Deduplication;

/// <summary>Why a record joined a cluster, strongest first.</summary>
public enum DuplicateMatch
{
    Pmid,
    Doi,
    Pmcid,
    /// <summary>Folded title equal, years within <see cref="DeduplicationOptions.YearTolerance"/>, first authors agree.</summary>
    TitleYearFirstAuthor,
    /// <summary>Joined by a reviewer (<see cref="CitationDeduplicator.Merge"/>).</summary>
    Manual,
}

/// <param name="RecordKey">The caller's key for the record added.</param>
/// <param name="ClusterId">The cluster it is in after the add (see <see cref="DuplicateCluster.Id"/>).</param>
/// <param name="MatchedBy">Null when the record is the first of its kind.</param>
/// <param name="MatchedRecordKey">The earlier record that matched.</param>
public sealed record DeduplicationOutcome(string RecordKey, string ClusterId, DuplicateMatch? MatchedBy, string? MatchedRecordKey)
{
    public bool IsDuplicate => MatchedBy is not null;
}

/// <param name="Id">The key of the cluster's earliest-added record: stable while that record stays in it.</param>
/// <param name="RecordKeys">Every source record in the cluster, in the order they were added.</param>
/// <param name="PrimaryRecordKey">The most complete record (<see cref="CompletenessScore"/>).</param>
public sealed record DuplicateCluster(string Id, IReadOnlyList<string> RecordKeys, string PrimaryRecordKey);

/// <summary>PRISMA 2020 identification box: records identified per source, and duplicates removed.</summary>
public sealed record IdentificationCounts(
    IReadOnlyDictionary<string, int> IdentifiedPerSource,
    int Identified,
    int DuplicatesRemoved,
    int Unique);

public sealed record DeduplicationOptions
{
    public static DeduplicationOptions Default { get; } = new();

    /// <summary>0 or 1: publication years may differ by this much (online-first vs. print year).</summary>
    public int YearTolerance { get; init; } = 1;

    /// <summary>Folded titles shorter than this ("editorial", "erratum") never match by title.</summary>
    public int MinimumTitleLength { get; init; } = 20;
}

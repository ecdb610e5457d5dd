namespace EvSysReview.Synthesis.Engine.Plots;

/// <summary>A named count, e.g. ("MEDLINE", 812) or ("Wrong population", 14).</summary>
public sealed record NamedCount(string Name, int Count);

/// <summary>
/// The numbers of a PRISMA 2020 flow diagram for new reviews (databases and registers; Page et al.
/// 2021, BMJ 372:n71, figure 1).
/// </summary>
public sealed record PrismaCounts
{
    public required IReadOnlyList<NamedCount> IdentifiedBySource { get; init; }
    public required int DuplicatesRemoved { get; init; }
    public required int MarkedIneligibleByAutomation { get; init; }
    public required int RemovedForOtherReasons { get; init; }
    public required int Screened { get; init; }
    public required int ExcludedAtScreening { get; init; }
    public required int ReportsSought { get; init; }
    public required int ReportsNotRetrieved { get; init; }
    public required int ReportsAssessed { get; init; }
    public required IReadOnlyList<NamedCount> ReportsExcludedWithReasons { get; init; }
    public required int StudiesIncluded { get; init; }
    /// <summary>Reports of included studies, when it differs from the number of studies.</summary>
    public int? ReportsOfIncludedStudies { get; init; }
}

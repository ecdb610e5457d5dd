namespace EvSysReview.Ingestion.Clusters;

/// <summary>
/// A reviewer's merge or split, kept so the deduplicator can be rebuilt: AfterRecords is how many
/// records the project had when it was made, and the rebuild replays it at exactly that point.
/// </summary>
public sealed record ClusterDecision
{
    public const string Collection = "cluster-decisions";

    public required Guid ProjectId { get; init; }

    public required int Sequence { get; init; }

    public required int AfterRecords { get; init; }

    public required ClusterDecisionKind Kind { get; init; }

    /// <summary>Merge: one record of each cluster (two). Split: the records that leave their cluster.</summary>
    public required IReadOnlyList<Guid> RecordIds { get; init; }

    public required string DecidedBy { get; init; }

    public required DateTimeOffset DecidedAt { get; init; }

    public static string Key(Guid projectId, int sequence) => $"{projectId:N}:{sequence:D9}";
}

public enum ClusterDecisionKind
{
    Merge,
    Split,
}

namespace EvSysReview.Ingestion.Alerts;

/// <summary>
/// One poll of a saved search. The esearch answer (the PMIDs this search has not imported yet) is
/// kept, and IdsDone moves on only after a whole efetch batch is committed: a run interrupted by a
/// crash resumes at the first batch not done, and records of that batch committed before the crash
/// are recognised by their id, so nothing is skipped and nothing is imported twice.
/// </summary>
public sealed record SearchRun
{
    public const string Collection = "search-runs";

    public required Guid Id { get; init; }

    public required Guid SearchId { get; init; }

    public required Guid ProjectId { get; init; }

    public required SearchRunStatus Status { get; init; }

    /// <summary>"schedule" or "manual".</summary>
    public required string Trigger { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    public required DateOnly WindowStart { get; init; }

    public required DateOnly WindowEnd { get; init; }

    public bool Searched { get; init; }

    /// <summary>PMIDs esearch found in the window.</summary>
    public int Found { get; init; }

    /// <summary>Of those, the ones this search had imported before (an earlier, overlapping window).</summary>
    public int AlreadyImported { get; init; }

    public IReadOnlyList<string> Ids { get; init; } = [];

    public int IdsDone { get; init; }

    public int New { get; init; }

    public int Duplicates { get; init; }

    public int ErrorCount { get; init; }

    public IReadOnlyList<string> Errors { get; init; } = [];

    public string? Message { get; init; }
}

public enum SearchRunStatus
{
    Running,
    Completed,
    Failed,
}

namespace EvSysReview.Ingestion.Alerts;

/// <summary>
/// One poll of a saved search. Its date window is cut into <see cref="Parts"/> small enough for one
/// esearch (PubMed lists at most 9,999 hits per search); each part keeps its history-server
/// handle and its PMIDs, and moves on (<see cref="SearchRunPart.Done"/>) only after a whole efetch
/// batch is committed: a run interrupted by a crash resumes at the first batch not done, and
/// records of that batch committed before the crash are recognised by their id, so nothing is
/// skipped and nothing is imported twice.
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

    /// <summary>The window's parts in date order; empty until <see cref="Searched"/>.</summary>
    public IReadOnlyList<SearchRunPart> Parts { get; init; } = [];

    /// <summary>Parts fetched to their end; the run goes on with Parts[PartsDone].</summary>
    public int PartsDone { get; init; }

    /// <summary>PMIDs to fetch (found and not imported by this search before).</summary>
    public int ToFetch => Found - AlreadyImported;

    /// <summary>
    /// Of <see cref="ToFetch"/>, those whose efetch batch is committed; a failed run adds those of the
    /// batch it stopped in whose records it had received and saved or reported (as its counts do).
    /// </summary>
    public int Fetched { get; init; }

    public int New { get; init; }

    public int Duplicates { get; init; }

    public int ErrorCount { get; init; }

    public IReadOnlyList<string> Errors { get; init; } = [];

    public string? Message { get; init; }

    /// <summary>
    /// The runner (<see cref="RunnerIdentity"/>) working the run, or the last one; null on a run no
    /// runner has taken up yet. A run is worked by one runner at a time.
    /// </summary>
    public string? ClaimedBy { get; init; }

    /// <summary>Until when the claim holds unless renewed by a save; past it, the next poll of any instance takes the run over.</summary>
    public DateTimeOffset? ClaimedUntil { get; init; }
}

/// <summary>
/// A date window of a run with at most <c>Ingestion:Alerts:MaxSearchCount</c> hits: its esearch
/// history handle (WebEnv, query_key) for efetch, and its PMIDs in the history's order, so a batch
/// whose handle has expired (NCBI keeps them for hours, not across a long outage) is fetched by
/// PMID instead, with the same records.
/// </summary>
public sealed record SearchRunPart
{
    public required DateOnly Start { get; init; }

    public required DateOnly End { get; init; }

    public string? WebEnv { get; init; }

    public string? QueryKey { get; init; }

    public IReadOnlyList<string> Ids { get; init; } = [];

    /// <summary>Of <see cref="Ids"/>, those this search imported in an earlier run: not fetched or counted again.</summary>
    public IReadOnlyList<string> AlreadyImported { get; init; } = [];

    /// <summary>Positions of <see cref="Ids"/> whose batch is committed: the next efetch's retstart.</summary>
    public int Done { get; init; }
}

public enum SearchRunStatus
{
    Running,
    Completed,
    Failed,
}

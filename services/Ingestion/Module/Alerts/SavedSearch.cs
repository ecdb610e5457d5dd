namespace EvSysReview.Ingestion.Alerts;

/// <summary>
/// A project's saved PubMed query, polled on its schedule. CompletedThrough is the cursor: the last
/// Entrez date (maxdate) of the last run that finished; the next run searches from that day on
/// (the day itself again, because PubMed keeps adding records to it after a run).
/// </summary>
public sealed record SavedSearch
{
    public const string Collection = "saved-searches";

    public required Guid Id { get; init; }

    public required Guid ProjectId { get; init; }

    public required string Name { get; init; }

    public required string Query { get; init; }

    /// <summary>ISO 8601 duration between runs ("P1D"); null: run only on demand.</summary>
    public string? Schedule { get; init; }

    public required bool Enabled { get; init; }

    /// <summary>
    /// Why a run disabled the search: a day with more hits than PubMed lists, on which every run of
    /// the query would fail. Null unless paused; a new query, enabling it again or a completed run ends the pause.
    /// </summary>
    public string? PauseReason { get; init; }

    /// <summary>NCBI API key: 10 requests/s instead of 3. Never returned by the API.</summary>
    public string? ApiKey { get; init; }

    public DateOnly? CompletedThrough { get; init; }

    public DateTimeOffset? NextRunAt { get; init; }

    public DateTimeOffset? LastRunAt { get; init; }

    public SearchRunStatus? LastRunStatus { get; init; }

    /// <summary>The run in progress (or interrupted by a crash, to be resumed); at most one per search.</summary>
    public Guid? ActiveRunId { get; init; }

    /// <summary>Created from the protocol's savedSearch; ProtocolVersion is the version it was last taken from.</summary>
    public int? ProtocolVersion { get; init; }

    public required string CreatedBy { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>
    /// Another query is another search: its first run starts from the beginning again, and a pause
    /// for the old query's hits ends (the search is enabled and due at once).
    /// </summary>
    public SavedSearch WithQuery(string query, DateTimeOffset now) => query == Query ? this : this with
    {
        Query = query,
        CompletedThrough = null,
        Enabled = Enabled || PauseReason is not null,
        PauseReason = null,
        NextRunAt = PauseReason is not null ? now : NextRunAt,
    };
}

/// <summary>Every saved search of every project, so the poller finds the due ones without knowing the projects.</summary>
public sealed record AlertIndexEntry(Guid ProjectId, Guid SearchId)
{
    public const string Collection = "alert-index";
    public const string Partition = "all";
}

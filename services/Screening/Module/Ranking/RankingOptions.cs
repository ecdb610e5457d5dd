namespace EvSysReview.Screening.Ranking;

/// <summary>Debounce of the ranking worker ("Screening:Ranking" in configuration).</summary>
public sealed class RankingWorkerOptions
{
    /// <summary>Rerank as soon as this many items became final since the last ranking...</summary>
    public int MinNewFinalDecisions { get; set; } = 10;

    /// <summary>...or when this long has passed since the first change (imports count as changes).</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>...but not sooner than this after the project's previous rerank.</summary>
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// ...and not sooner than the previous rerank's duration divided by this share: a rerank of a
    /// large project (tens of thousands of records, seconds of CPU) then takes at most a tenth of the
    /// time from the decisions it ranks. 0 turns the budget off.
    /// </summary>
    public double MaxShareOfTime { get; set; } = 0.1;

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}

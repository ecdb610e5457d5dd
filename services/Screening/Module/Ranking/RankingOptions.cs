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

    /// <summary>
    /// After each step of a rerank (a model fit, a block of scoring, the sort, the store), rest this
    /// many times as long as the step took, at most RerankPace.LongestRest (RerankPace): 2 lets a rerank
    /// take at most about a third of one core while it runs. Why 2: at 1,000 decisions/s the two cores
    /// have about a third of a core to spare, so the requests' queue that grows during a step drains
    /// only in a rest about twice as long (docs/performance.md). 0 runs it straight through.
    /// </summary>
    public double RestPerWork { get; set; } = 2.0;

    /// <summary>
    /// A rerank applies the stage's last Platt mapping instead of fitting a new one (KeptCalibrations)
    /// while the mapping is younger than this and the labelled set grew by less than
    /// <see cref="RecalibrateOnGrowth"/> since (never with automation on). TimeSpan.Zero fits every rerank.
    /// </summary>
    public TimeSpan RecalibrateAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The labelled set's growth, as a share of the set the mapping was fitted on, that calls for a new mapping.</summary>
    public double RecalibrateOnGrowth { get; set; } = 0.25;
}

namespace EvSysReview.Screening.Core.Ranking;

/// <summary>
/// Awaited between the steps of a rerank: each model fit, each block of scoring, the calibration,
/// the sort. A service rests there so that a long rerank does not hold a core for its whole length
/// (on two cores half a second of it queued every request behind it); simulations and tests pass
/// none and run straight through. <paramref name="finished"/> names the step that has just ended
/// ("fit", "score", "fold", "platt"), so a service's log can say which step held a core.
/// </summary>
public delegate ValueTask BetweenSteps(string finished, CancellationToken cancellationToken);

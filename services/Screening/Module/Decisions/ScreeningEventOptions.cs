namespace EvSysReview.Screening.Decisions;

/// <summary>
/// Which of screening's optional events this deployment publishes (configuration section
/// <c>Screening:Events</c>).
/// </summary>
public sealed class ScreeningEventOptions
{
    /// <summary>
    /// DecisionRecorded, one per reviewer's decision. Off by default: no service of EvSysReview
    /// consumes it (synthesis and the others take the final events: StudyExcluded, RecordAdvanced,
    /// StudyIncluded, the conflicts), and each one still cost the outbox, the broker and its confirm —
    /// about a tenth of the whole system's CPU per decision (docs/performance.md). A queue bound later
    /// would not receive the past ones either, so turn this on for a deployment that binds a consumer
    /// of its own (an audit sink, a dashboard). DecisionWithdrawn goes out either way: withdrawals are
    /// rare, and one that closes a conflict is how a consumer of ConflictRaised learns it is closed.
    /// </summary>
    public bool PublishReviewerDecisions { get; set; }
}

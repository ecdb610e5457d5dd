namespace EvSysReview.Screening.Decisions;

/// <summary>
/// Which of screening's optional events this deployment publishes (configuration section
/// <c>Screening:Events</c>).
/// </summary>
public sealed class ScreeningEventOptions
{
    /// <summary>
    /// DecisionRecorded and DecisionWithdrawn, one per reviewer's decision and withdrawal. Off by
    /// default: no service of EvSysReview consumes them (synthesis and the others take the final
    /// events: StudyExcluded, RecordAdvanced, StudyIncluded, the conflicts), and each one still cost
    /// the outbox, the broker and its confirm — about a tenth of the whole system's CPU per
    /// decision (docs/performance.md). A queue bound later would not receive the past ones either, so
    /// turn this on for a deployment that binds a consumer of its own (an audit sink, a dashboard).
    /// </summary>
    public bool PublishReviewerDecisions { get; set; }
}

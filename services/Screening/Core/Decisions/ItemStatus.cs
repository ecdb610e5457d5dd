namespace EvSysReview.Screening.Core.Decisions;

public enum ItemStatus
{
    /// <summary>Fewer decisions than the protocol needs.</summary>
    AwaitingDecisions,

    /// <summary>Enough decisions, but they disagree or one is a maybe: waits for adjudication.</summary>
    Conflict,

    /// <summary>Decided; no further decisions are accepted.</summary>
    Final,
}

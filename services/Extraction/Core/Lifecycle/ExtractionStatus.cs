namespace EvSysReview.Extraction.Core.Lifecycle;

public enum ExtractionStatus
{
    /// <summary>The study was included; nobody has started.</summary>
    TaskCreated,
    InProgress,

    /// <summary>Every extraction the mode asks for is submitted (two, or one awaiting verification).</summary>
    AllSubmitted,

    /// <summary>Differences are being resolved (or the single extraction verified).</summary>
    Consensus,
    Finalised,

    /// <summary>A finalised extraction is being corrected; it becomes finalised again.</summary>
    Reopened,

    /// <summary>The study was excluded after the fact; nothing more happens.</summary>
    Withdrawn,
}

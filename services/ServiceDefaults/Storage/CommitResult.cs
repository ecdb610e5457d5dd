namespace EvSysReview.ServiceDefaults.Storage;

public enum CommitResult
{
    Committed,

    /// <summary>The inbox already holds this message for this consumer: nothing was written.</summary>
    AlreadyApplied,
}

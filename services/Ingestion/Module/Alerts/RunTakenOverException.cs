namespace EvSysReview.Ingestion.Alerts;

/// <summary>
/// A save of the run conflicted and the run, read again, is another runner's (its lease on it expired
/// and another instance took it over) or already ended: this runner steps back, as a run is worked by
/// one runner at a time. Not a failure of the run.
/// </summary>
public sealed class RunTakenOverException(string message) : Exception(message);

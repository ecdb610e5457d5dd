namespace EvSysReview.ServiceDefaults.Storage;

/// <summary>
/// The outbox rows of one type neither sent nor parked: how many, and when the oldest of them was
/// written (null when none waits). The rows outlive the process, so the oldest one's time says how
/// long the type has waited even after a restart, where the dispatcher's memory starts over.
/// </summary>
public sealed record WaitingOutbox(int Count, DateTimeOffset? OldestCreatedAt);

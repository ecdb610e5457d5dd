namespace EvSysReview.ServiceDefaults.Storage.Retention;

/// <summary>
/// How long each store keeps the rows that only guard against duplicates (configuration section
/// "Storage:Retention"). Without a purge they grow with every command and event for the life of a
/// living review.
/// </summary>
public sealed class RetentionOptions
{
    public const string Section = "Storage:Retention";

    /// <summary>Off keeps everything (an operator who archives the outbox, say).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>A sent outbox message is kept this long for an operator tracing what was published.</summary>
    public TimeSpan SentOutbox { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// An inbox entry stops a redelivered event from being applied twice, so it must outlive any
    /// redelivery: the broker redelivers an unacknowledged event when the consumer comes back, which
    /// the first purge after a start never precedes (<see cref="StartDelay"/>); a month is far beyond that.
    /// </summary>
    public TimeSpan Inbox { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// A retry with the same Idempotency-Key gets the first answer back for this long; after it the key
    /// is forgotten and a retry runs as a new command (as Stripe's API does after 24 hours). A pending
    /// record (a command running) is far younger than this, so a purge never frees a key in use.
    /// </summary>
    public TimeSpan IdempotencyKeys { get; set; } = TimeSpan.FromHours(24);

    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The first purge waits this long after the host starts, behind the start's own work.</summary>
    public TimeSpan StartDelay { get; set; } = TimeSpan.FromMinutes(5);
}

namespace EvSysReview.ServiceDefaults.Storage.Retention;

/// <summary>
/// What a store may forget, each part by age: rows that only guard against a duplicate for a while
/// (sent outbox messages, inbox entries, documents of an expiring collection such as the
/// Idempotency-Key records). A null cutoff leaves that part alone. Pending outbox messages are never
/// purged, however old: they have not been sent yet.
/// </summary>
public sealed record PurgeRequest
{
    /// <summary>Outbox messages marked sent before this.</summary>
    public DateTimeOffset? SentOutboxBefore { get; init; }

    /// <summary>Inbox entries (a consumer applied a message) written before this.</summary>
    public DateTimeOffset? InboxBefore { get; init; }

    /// <summary>Documents of these collections last written before the cutoff beside each.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> DocumentsBefore { get; init; } = new Dictionary<string, DateTimeOffset>();
}

/// <summary>How many rows a purge removed, per part.</summary>
public sealed record PurgeResult(long SentOutbox, long Inbox, long Documents)
{
    public static readonly PurgeResult None = new(0, 0, 0);

    public long Total => SentOutbox + Inbox + Documents;
}

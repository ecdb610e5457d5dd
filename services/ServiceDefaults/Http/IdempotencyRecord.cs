namespace EvSysReview.ServiceDefaults;

/// <summary>The first response to a command sent with an Idempotency-Key, replayed for every retry with the same key.</summary>
public sealed record IdempotencyRecord(string Key, string RequestFingerprint, int? Status, string? ContentType, string? Body, string? Location, string? ETag, DateTimeOffset StartedAt)
{
    public const string Collection = "idempotency";
}

namespace EvSysReview.ServiceDefaults;

/// <summary>The first response to a command sent with an Idempotency-Key, replayed for every retry with the same key.</summary>
public sealed record IdempotencyRecord(string Key, string RequestFingerprint, int? Status, string? ContentType, string? Body, string? Location, string? ETag, DateTimeOffset StartedAt)
{
    public const string Collection = "idempotency";

    /// <summary>
    /// The record's id (and its AppliedCommand mark's): the user and the key, hashed, so neither is
    /// stored as an id. A key that is a version 7 UUID (the web UI sends them) also puts its first 48
    /// bits, the millisecond it was made, in front: new marks then sort after the older ones and land
    /// on the last page of the marks' table, which the commits of a batch share, instead of each on a
    /// random page (docs/performance.md). Other keys keep the hash alone, as ids did before.
    /// </summary>
    public static string IdFor(string user, string key)
    {
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{user}\n{key}")));
        return Guid.TryParse(key, out var uuid) && uuid.Version == 7 ? uuid.ToString("N")[..12].ToUpperInvariant() + hash : hash;
    }
}

namespace EvSysReview.ServiceDefaults;

/// <summary>The first response to a command sent with an Idempotency-Key, replayed for every retry with the same key.</summary>
public sealed record IdempotencyRecord(string Key, string RequestFingerprint, int? Status, string? ContentType, string? Body, string? Location, string? ETag, DateTimeOffset StartedAt)
{
    public const string Collection = "idempotency";

    /// <summary>The record's id (and its AppliedCommand mark's): the user and the key, hashed, so neither is stored as an id.</summary>
    public static string IdFor(string user, string key) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{user}\n{key}")));
}

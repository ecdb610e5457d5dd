namespace EvSysReview.ServiceDefaults;

/// <summary>Settings of the Idempotency-Key middleware (section "Idempotency").</summary>
public sealed class IdempotencyOptions
{
    public const string Section = "Idempotency";

    /// <summary>
    /// The largest keyed body the middleware reads to fingerprint when the endpoint sets no size
    /// limit of its own (the file import lifts Kestrel's and enforces Ingestion:MaxUploadBytes in
    /// its handler, after the middleware has read the body). The default matches that cap and the
    /// gateway's; raise it with them.
    /// </summary>
    public long MaxBodyBytes { get; set; } = 64L * 1024 * 1024;
}

namespace EvSysReview.ServiceDefaults.Storage;

/// <summary>
/// A conditional write. ExpectedVersion 0 means "must not exist yet"; a positive value means "must
/// still be at this version"; null means "write whatever is there" (only for read models that are
/// rebuilt from events and guard ordering themselves).
/// </summary>
public sealed record DocumentWrite(string Collection, string Id, string Partition, string? Json, long? ExpectedVersion)
{
    public bool IsDelete => Json is null;

    /// <summary>
    /// The version the document has once this write is committed: every store gives it the version it
    /// was expected at plus one (a new document 0 + 1), so a mirror that follows commits knows it
    /// without reading it back. Unknown (null) for an unconditional write.
    /// </summary>
    public long? CommittedVersion => ExpectedVersion + 1;

    /// <summary>
    /// The value the JSON was made from, for this process only (never stored): a mirror that follows
    /// commits (the screening queue) takes it as written instead of parsing the JSON back.
    /// </summary>
    public object? Value { get; init; }
}

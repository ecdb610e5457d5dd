using System.Text;

namespace EvSysReview.ServiceDefaults.Storage;

/// <summary>
/// A conditional write. ExpectedVersion 0 means "must not exist yet"; a positive value means "must
/// still be at this version"; null means "write whatever is there" (only for read models that are
/// rebuilt from events and guard ordering themselves).
/// </summary>
/// <param name="Utf8Json">
/// The document as UTF-8 JSON, null for a delete. Kept as the serialiser's bytes because SQLite takes
/// UTF-8: as a .NET string it was transcoded to UTF-16 and back for every write (13 % of the
/// screening host's sampled allocations under load, and part of another 6 %: docs/performance.md).
/// </param>
public sealed record DocumentWrite(string Collection, string Id, string Partition, byte[]? Utf8Json, long? ExpectedVersion)
{
    public bool IsDelete => Utf8Json is null;

    /// <summary>The document as a string, for a store that takes one (MongoDB keeps it as a string field).</summary>
    public string? Json => Utf8Json is null ? null : Encoding.UTF8.GetString(Utf8Json);

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

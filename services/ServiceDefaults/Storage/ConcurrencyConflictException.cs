namespace EvSysReview.ServiceDefaults.Storage;

/// <summary>A conditional write found another version than expected; nothing of the unit of work was written.</summary>
public sealed class ConcurrencyConflictException(string collection, string id, long? expected, long? actual)
    : Exception($"{collection}/{id}: expected version {expected?.ToString() ?? "any"}, found {actual?.ToString() ?? "none"}.")
{
    public string Collection { get; } = collection;

    public string Id { get; } = id;

    public long? ExpectedVersion { get; } = expected;

    public long? ActualVersion { get; } = actual;
}

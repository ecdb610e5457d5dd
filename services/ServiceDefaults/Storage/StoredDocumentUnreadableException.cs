namespace EvSysReview.ServiceDefaults.Storage;

/// <summary>
/// A stored document (or outbox payload) that does not deserialise to what the code expects: a
/// fault of ours (a shape changed without migrating, a damaged file), never of the request that
/// happened to read it, so it is kept apart from the JsonException of a request body.
/// </summary>
public sealed class StoredDocumentUnreadableException(string collection, string id, Exception inner)
    : Exception($"Stored document {collection}/{id} could not be read: {inner.Message}", inner)
{
    public string Collection { get; } = collection;

    public string Id { get; } = id;
}

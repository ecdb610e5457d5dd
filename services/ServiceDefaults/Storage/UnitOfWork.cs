using System.Text.Json;
using EvSysReview.Contracts;

namespace EvSysReview.ServiceDefaults.Storage;

/// <summary>
/// Everything one command or one consumed message changes, committed atomically: document writes,
/// outgoing events (the outbox) and, for consumers, the id of the message being applied (the inbox).
/// </summary>
public sealed class UnitOfWork
{
    private readonly List<DocumentWrite> _writes = [];
    private readonly List<OutboxMessage> _outbox = [];

    public IReadOnlyList<DocumentWrite> Writes => _writes;

    public IReadOnlyList<OutboxMessage> Outbox => _outbox;

    /// <summary>Set by idempotent consumers: (consumer name, message id). A second commit with the same pair changes nothing.</summary>
    public (string Consumer, Guid MessageId)? InboxEntry { get; private set; }

    public UnitOfWork Put<T>(string collection, string id, string partition, T value, long? expectedVersion)
    {
        _writes.Add(new DocumentWrite(collection, id, partition, JsonSerializer.SerializeToUtf8Bytes(value, StoreJson.Options), expectedVersion) { Value = value });
        return this;
    }

    public UnitOfWork Delete(string collection, string id, string partition, long? expectedVersion)
    {
        _writes.Add(new DocumentWrite(collection, id, partition, null, expectedVersion));
        return this;
    }

    public UnitOfWork Publish<TEvent>(TEvent integrationEvent)
        where TEvent : IntegrationEvent
    {
        var type = integrationEvent.GetType();
        _outbox.Add(new OutboxMessage(
            integrationEvent.EventId,
            type.FullName!,
            JsonSerializer.Serialize(integrationEvent, type, StoreJson.Options),
            DateTimeOffset.UtcNow,
            0,
            System.Diagnostics.Activity.Current?.Id));
        return this;
    }

    public UnitOfWork MarkApplied(string consumer, Guid messageId)
    {
        InboxEntry = (consumer, messageId);
        return this;
    }

    public bool IsEmpty => _writes.Count == 0 && _outbox.Count == 0 && InboxEntry is null;
}

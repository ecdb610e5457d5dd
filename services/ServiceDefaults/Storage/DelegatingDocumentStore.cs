using EvSysReview.ServiceDefaults.Storage.Retention;

namespace EvSysReview.ServiceDefaults.Storage;

/// <summary>
/// A store passed through to another, for one that changes one thing about it by overriding that
/// member: a module's own store (ModuleStore) adds to the commit, a test store injects a fault.
/// </summary>
public abstract class DelegatingDocumentStore(IDocumentStore inner) : IDocumentStore
{
    public IDocumentStore Inner => inner;

    public virtual bool ProcessLocal => inner.ProcessLocal;

    public virtual Task<CommitResult> CommitAsync(UnitOfWork work, CancellationToken cancellationToken = default) => inner.CommitAsync(work, cancellationToken);

    public Task<StoredDocument?> GetAsync(string collection, string id, CancellationToken cancellationToken = default) => inner.GetAsync(collection, id, cancellationToken);

    public Task<IReadOnlyList<StoredDocument>> ListAsync(string collection, string partition, CancellationToken cancellationToken = default) => inner.ListAsync(collection, partition, cancellationToken);

    public Task<int> CountAsync(string collection, string partition, CancellationToken cancellationToken = default) => inner.CountAsync(collection, partition, cancellationToken);

    public Task<IReadOnlyList<OutboxMessage>> PendingOutboxAsync(int max, IReadOnlyCollection<string>? exceptTypes = null, CancellationToken cancellationToken = default) =>
        inner.PendingOutboxAsync(max, exceptTypes, cancellationToken);

    public virtual Task MarkDispatchedAsync(IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken = default) => inner.MarkDispatchedAsync(messageIds, cancellationToken);

    public Task ParkOutboxAsync(IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken = default) => inner.ParkOutboxAsync(messageIds, cancellationToken);

    public Task<int> CountPendingOutboxAsync(CancellationToken cancellationToken = default) => inner.CountPendingOutboxAsync(cancellationToken);

    public Task<WaitingOutbox> WaitingOutboxAsync(string messageType, CancellationToken cancellationToken = default) => inner.WaitingOutboxAsync(messageType, cancellationToken);

    public Task<bool> IsAppliedAsync(string consumer, Guid messageId, CancellationToken cancellationToken = default) => inner.IsAppliedAsync(consumer, messageId, cancellationToken);

    public Task PingAsync(CancellationToken cancellationToken = default) => inner.PingAsync(cancellationToken);

    public Task<PurgeResult> PurgeAsync(PurgeRequest request, CancellationToken cancellationToken = default) => inner.PurgeAsync(request, cancellationToken);
}

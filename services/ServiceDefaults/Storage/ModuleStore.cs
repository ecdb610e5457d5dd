using EvSysReview.ServiceDefaults.Storage.Retention;

namespace EvSysReview.ServiceDefaults.Storage;

/// <summary>
/// A module's own store. Typed by the module so that, when the standalone host runs every module
/// in one process, each still reaches only its own database.
/// </summary>
public sealed class ModuleStore<TModule>(IDocumentStore inner) : IDocumentStore
    where TModule : IServiceModule
{
    public IDocumentStore Inner => inner;

    public Task<StoredDocument?> GetAsync(string collection, string id, CancellationToken cancellationToken = default) => inner.GetAsync(collection, id, cancellationToken);

    public Task<IReadOnlyList<StoredDocument>> ListAsync(string collection, string partition, CancellationToken cancellationToken = default) => inner.ListAsync(collection, partition, cancellationToken);

    public Task<int> CountAsync(string collection, string partition, CancellationToken cancellationToken = default) => inner.CountAsync(collection, partition, cancellationToken);

    /// <summary>
    /// The module's memberships as last committed, for the access check on a store only this process
    /// writes (Security/MembershipMirror); empty and unused on a shared store.
    /// </summary>
    public Security.MembershipMirror Memberships { get; } = new();

    public async Task<CommitResult> CommitAsync(UnitOfWork work, CancellationToken cancellationToken = default)
    {
        // A command sent with an Idempotency-Key marks itself applied in its own transaction (AppliedCommand).
        var scope = IdempotencyScope.Current;
        var marked = scope?.Mark(work) == true;
        var result = await inner.CommitAsync(work, cancellationToken);
        if (marked && result == CommitResult.Committed) scope!.Committed();
        // A redelivered message's unit of work is refused by the inbox and wrote nothing.
        if (inner.ProcessLocal && result == CommitResult.Committed) Memberships.Follow(work);
        return result;
    }

    public Task<IReadOnlyList<OutboxMessage>> PendingOutboxAsync(int max, IReadOnlyCollection<string>? exceptTypes = null, CancellationToken cancellationToken = default) =>
        inner.PendingOutboxAsync(max, exceptTypes, cancellationToken);

    public Task MarkDispatchedAsync(IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken = default) => inner.MarkDispatchedAsync(messageIds, cancellationToken);

    public Task ParkOutboxAsync(IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken = default) => inner.ParkOutboxAsync(messageIds, cancellationToken);

    public Task<int> CountPendingOutboxAsync(CancellationToken cancellationToken = default) => inner.CountPendingOutboxAsync(cancellationToken);

    public Task<WaitingOutbox> WaitingOutboxAsync(string messageType, CancellationToken cancellationToken = default) => inner.WaitingOutboxAsync(messageType, cancellationToken);

    public Task<bool> IsAppliedAsync(string consumer, Guid messageId, CancellationToken cancellationToken = default) => inner.IsAppliedAsync(consumer, messageId, cancellationToken);

    public bool ProcessLocal => inner.ProcessLocal;

    public Task PingAsync(CancellationToken cancellationToken = default) => inner.PingAsync(cancellationToken);

    public Task<PurgeResult> PurgeAsync(PurgeRequest request, CancellationToken cancellationToken = default) => inner.PurgeAsync(request, cancellationToken);
}

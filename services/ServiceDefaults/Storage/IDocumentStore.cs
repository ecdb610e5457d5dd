using EvSysReview.ServiceDefaults.Storage.Retention;

namespace EvSysReview.ServiceDefaults.Storage;

/// <summary>
/// The storage engine under a service's own narrow repositories: versioned JSON documents, an outbox
/// and an inbox, written together in one atomic commit. Implemented on SQLite and on MongoDB; the
/// same contract tests run against both.
/// </summary>
public interface IDocumentStore
{
    Task<StoredDocument?> GetAsync(string collection, string id, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<StoredDocument>> ListAsync(string collection, string partition, CancellationToken cancellationToken = default);

    /// <summary>How many documents <see cref="ListAsync"/> would return, without reading them.</summary>
    Task<int> CountAsync(string collection, string partition, CancellationToken cancellationToken = default);

    /// <summary>Atomic: every write's version condition holds and all is written, or nothing is.</summary>
    /// <exception cref="ConcurrencyConflictException">A version condition failed.</exception>
    Task<CommitResult> CommitAsync(UnitOfWork work, CancellationToken cancellationToken = default);

    /// <summary>The oldest outbox messages neither sent nor parked.</summary>
    /// <param name="exceptTypes">
    /// Message types to leave out: those the broker just returned because no queue is bound to them,
    /// which the dispatcher holds back for a while so that they do not fill every read and hold up the
    /// types behind them.
    /// </param>
    Task<IReadOnlyList<OutboxMessage>> PendingOutboxAsync(int max, IReadOnlyCollection<string>? exceptTypes = null, CancellationToken cancellationToken = default);

    /// <summary>Marks a batch of outbox messages sent, in one write.</summary>
    Task MarkDispatchedAsync(IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets aside outbox messages that can never be published (a type this build does not know, JSON
    /// that does not read): <see cref="PendingOutboxAsync"/> no longer returns them, so they do not
    /// block the messages behind them. They are kept, unsent, for an operator to look at.
    /// </summary>
    Task ParkOutboxAsync(IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken = default);

    /// <summary>Outbox messages not sent, parked ones included: a backlog that stays above zero needs an operator.</summary>
    Task<int> CountPendingOutboxAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Outbox messages of one type neither sent nor parked: how many a type the broker returns (no
    /// queue bound) keeps waiting, and since when (the oldest one's CreatedAt), for the operator's
    /// readiness details. Asked only while a type is held back.
    /// </summary>
    Task<WaitingOutbox> WaitingOutboxAsync(string messageType, CancellationToken cancellationToken = default);

    Task<bool> IsAppliedAsync(string consumer, Guid messageId, CancellationToken cancellationToken = default);

    Task PingAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes what <paramref name="request"/> names as old enough to forget, without holding up the
    /// commits running beside it for long (<see cref="Retention.StoreRetention{TModule}"/>).
    /// </summary>
    Task<PurgeResult> PurgeAsync(PurgeRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// True when no other process writes this store (an embedded SQLite file belongs to one host),
    /// so what is running now can be known in memory rather than written down.
    /// </summary>
    bool ProcessLocal { get; }
}

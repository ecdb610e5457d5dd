using System.Diagnostics;
using EvSysReview.Contracts;
using EvSysReview.ServiceDefaults.Storage;
using MassTransit;

namespace EvSysReview.ServiceDefaults.Messaging;

/// <summary>
/// Base of every consumer: the effect of a message and its inbox entry are committed together, so a
/// redelivered message (same EventId) changes nothing. A version conflict with a concurrent writer
/// throws, and MassTransit's retry applies the message again on fresh state.
/// <para>
/// Every consumer also takes <see cref="EventBatch{TEvent}"/>, the message an outbox sends for several
/// waiting events of one type: each event of it is applied exactly as a single one (its own inbox
/// entry and commit, so the store's group commit writes the batch's commits together). If any fails,
/// the whole batch is retried and then goes to the error queue; the events already applied are
/// recognised by their inbox entries on every retry or replay, so none is applied twice.
/// </para>
/// </summary>
public abstract class IdempotentConsumer<TModule, TMessage>(ModuleStore<TModule> store, OutboxSignal<TModule> signal)
    : IConsumer<TMessage>, IConsumer<EventBatch<TMessage>>
    where TModule : IServiceModule
    where TMessage : IntegrationEvent
{
    protected ModuleStore<TModule> Store => store;

    private string ConsumerName => $"{TModule.Name}:{GetType().Name}";

    public Task Consume(ConsumeContext<TMessage> context) => ApplyOnceAsync(context.Message, context.CancellationToken);

    public Task Consume(ConsumeContext<EventBatch<TMessage>> context)
    {
        var batchSpan = Activity.Current?.Context;
        return Task.WhenAll(context.Message.Events.Select(entry => ApplyBatchedAsync(entry, batchSpan, context.CancellationToken)));
    }

    /// <summary>One event of a batch, in a span of the trace that caused it (linked to the batch's delivery).</summary>
    private async Task ApplyBatchedAsync(BatchedEvent<TMessage> entry, ActivityContext? batchSpan, CancellationToken cancellationToken)
    {
        // The span set as current here stays in this call's flow: an async method restores the
        // caller's execution context when it returns, so the batch's other events do not see it.
        ActivityContext.TryParse(entry.TraceParent, null, out var parent);
        using var span = MessagingTelemetry.Source.StartActivity(
            $"consume {typeof(TMessage).Name}", ActivityKind.Consumer, parent, links: batchSpan is { } link ? [new ActivityLink(link)] : null);
        span?.SetTag("messaging.consumer.group.name", ConsumerName);
        await ApplyOnceAsync(entry.Event, cancellationToken);
    }

    private async Task ApplyOnceAsync(TMessage message, CancellationToken cancellationToken)
    {
        var tags = MessagingMetrics.Tags(TModule.Name, typeof(TMessage).Name);
        var work = new UnitOfWork().MarkApplied(ConsumerName, message.EventId);
        CommitResult result;
        try
        {
            using (await KeyedGate<TModule>.EnterAsync(SerializeOn(message), cancellationToken))
            {
                await Apply(message, work, cancellationToken);
                // The commit's inbox row decides duplicates: a redelivered message rolls back there.
                // No inbox read before applying: that was one more read transaction per message for
                // the rare redelivery.
                result = await store.CommitAsync(work, cancellationToken);
            }
        }
        catch (Exception)
        {
            // A redelivery can fail in Apply (the state it expects has moved on since it was applied).
            if (!await store.IsAppliedAsync(ConsumerName, message.EventId, cancellationToken)) throw;
            result = CommitResult.AlreadyApplied;
        }

        if (result == CommitResult.AlreadyApplied)
        {
            tags.Add("outcome", "duplicate");
            MessagingMetrics.Consumed.Add(1, tags);
            return;
        }

        Committed(work);
        if (work.Outbox.Count > 0) signal.Notify();
        MessagingMetrics.QueueLag.Record((DateTimeOffset.UtcNow - message.OccurredAt).TotalSeconds, tags);
        tags.Add("outcome", "applied");
        MessagingMetrics.Consumed.Add(1, tags);
    }

    /// <summary>
    /// Messages of this module with the same key are applied one at a time in this process (read, apply,
    /// commit). For events that update one shared document per key (e.g. a record's PRISMA facts,
    /// which two reviewers' decisions touch at once): without it, the loser of each race throws a
    /// version conflict and is retried. Optimistic concurrency still guards across processes. One key
    /// per message, so two messages can never wait on each other.
    /// </summary>
    protected virtual Guid? SerializeOn(TMessage message) => null;

    /// <summary>Runs after a successful commit: for in-memory mirrors that must follow only what the store holds.</summary>
    protected virtual void Committed(UnitOfWork work)
    {
    }

    /// <summary>Add the effect of the message to <paramref name="work"/>; do not commit.</summary>
    protected abstract Task Apply(TMessage message, UnitOfWork work, CancellationToken cancellationToken);
}

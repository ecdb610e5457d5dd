using EvSysReview.Contracts;
using EvSysReview.ServiceDefaults.Storage;
using MassTransit;

namespace EvSysReview.ServiceDefaults.Messaging;

/// <summary>
/// Base of every consumer: the effect of a message and its inbox entry are committed together, so a
/// redelivered message (same EventId) changes nothing. A version conflict with a concurrent writer
/// throws, and MassTransit's retry applies the message again on fresh state.
/// </summary>
public abstract class IdempotentConsumer<TModule, TMessage>(ModuleStore<TModule> store, OutboxSignal<TModule> signal) : IConsumer<TMessage>
    where TModule : IServiceModule
    where TMessage : IntegrationEvent
{
    protected ModuleStore<TModule> Store => store;

    private string ConsumerName => $"{TModule.Name}:{GetType().Name}";

    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var tags = MessagingMetrics.Tags(TModule.Name, typeof(TMessage).Name);
        var work = new UnitOfWork().MarkApplied(ConsumerName, context.Message.EventId);
        CommitResult result;
        try
        {
            using (await KeyedGate<TModule>.EnterAsync(SerializeOn(context.Message), context.CancellationToken))
            {
                await Apply(context.Message, work, context.CancellationToken);
                // The commit's inbox row decides duplicates: a redelivered message rolls back there.
                // No inbox read before applying: that was one more read transaction per message for
                // the rare redelivery.
                result = await store.CommitAsync(work, context.CancellationToken);
            }
        }
        catch (Exception)
        {
            // A redelivery can fail in Apply (the state it expects has moved on since it was applied).
            if (!await store.IsAppliedAsync(ConsumerName, context.Message.EventId, context.CancellationToken)) throw;
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
        MessagingMetrics.QueueLag.Record((DateTimeOffset.UtcNow - context.Message.OccurredAt).TotalSeconds, tags);
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

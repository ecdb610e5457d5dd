using System.Collections.Concurrent;
using EvSysReview.Contracts;
using MassTransit;

namespace EvSysReview.TestSupport.Messaging;

/// <summary>
/// What a stand-in downstream service (a test's probe module, on queues of its own) received: the
/// way a broker test sees what the service under test published.
/// </summary>
public sealed class ObservedEvents
{
    private readonly ConcurrentQueue<IntegrationEvent> _events = new();

    public void Add(IntegrationEvent integrationEvent) => _events.Enqueue(integrationEvent);

    /// <summary>Every received event of type T about the project, in arrival order.</summary>
    public IReadOnlyList<T> Of<T>(Guid projectId)
        where T : IntegrationEvent =>
        Where<T>(e => e.ProjectId == projectId);

    public IReadOnlyList<T> Where<T>(Func<T, bool> predicate)
        where T : IntegrationEvent =>
        _events.OfType<T>().Where(predicate).ToList();
}

/// <summary>
/// Records every message of type T, whether it came alone or in an <see cref="EventBatch{TEvent}"/>
/// (an outbox sends events of one type that waited together as one message; a consumer outside the
/// platform's IdempotentConsumer binds both, as this one does). A probe declares one named subclass
/// per message, so each gets a queue of its own, as the real consumers do.
/// </summary>
public abstract class ObservedConsumer<T>(ObservedEvents observed) : IConsumer<T>, IConsumer<EventBatch<T>>
    where T : IntegrationEvent
{
    public Task Consume(ConsumeContext<T> context)
    {
        observed.Add(context.Message);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<EventBatch<T>> context)
    {
        foreach (var entry in context.Message.Events) observed.Add(entry.Event);
        return Task.CompletedTask;
    }
}

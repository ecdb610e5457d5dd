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
/// Records every message of type T. A probe declares one named subclass per message, so each gets
/// a queue of its own, as the real consumers do.
/// </summary>
public abstract class ObservedConsumer<T>(ObservedEvents observed) : IConsumer<T>
    where T : IntegrationEvent
{
    public Task Consume(ConsumeContext<T> context)
    {
        observed.Add(context.Message);
        return Task.CompletedTask;
    }
}

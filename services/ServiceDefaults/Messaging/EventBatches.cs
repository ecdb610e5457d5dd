using System.Collections.Concurrent;
using EvSysReview.Contracts;

namespace EvSysReview.ServiceDefaults.Messaging;

/// <summary>
/// Builds an <see cref="EventBatch{TEvent}"/> for an event type known only at run time (the outbox
/// stores the type's name): one compiled constructor per type, found once by reflection.
/// </summary>
internal static class EventBatches
{
    private static readonly ConcurrentDictionary<Type, Func<IReadOnlyList<(IntegrationEvent Event, string? TraceParent)>, object>> Factories = new();

    public static Type TypeFor(Type eventType) => typeof(EventBatch<>).MakeGenericType(eventType);

    public static object Create(Type eventType, IReadOnlyList<(IntegrationEvent Event, string? TraceParent)> entries) =>
        Factories.GetOrAdd(eventType, type => typeof(EventBatches).GetMethod(nameof(CreateTyped), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(type)
            .CreateDelegate<Func<IReadOnlyList<(IntegrationEvent Event, string? TraceParent)>, object>>())(entries);

    private static object CreateTyped<TEvent>(IReadOnlyList<(IntegrationEvent Event, string? TraceParent)> entries)
        where TEvent : IntegrationEvent =>
        new EventBatch<TEvent> { Events = [.. entries.Select(e => new BatchedEvent<TEvent>((TEvent)e.Event, e.TraceParent))] };
}

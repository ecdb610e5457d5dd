using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using EvSysReview.Contracts;
using EvSysReview.ServiceDefaults.Storage;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EvSysReview.ServiceDefaults.Messaging;

/// <summary>
/// Publishes what a module's commits left in its outbox, oldest first, and marks each sent only
/// after the broker confirmed it. A crash between publish and mark re-publishes on restart; the
/// consumers' inbox makes that harmless (at-least-once delivery, applied once). An event that can
/// never be published (a type this build does not know, JSON that does not read as its type) is
/// parked: logged, left unsent in the store and out of every later read, so it neither holds up the
/// events behind it nor makes each round re-read it.
/// <para>
/// An event some service consumes (<see cref="ConsumedEvents"/>) is published as mandatory: RabbitMQ
/// confirms a message that no queue is bound to receive, and drops it. When the broker returns one
/// (its consumers have not declared their queues yet: a fresh broker, an upgrade that starts the
/// producer first), its row stays unsent and its type is held back for <see cref="OutboxOptions.RetryDelay"/>,
/// left out of the reads meanwhile so that it does not hold up the types behind it, then tried again.
/// The types held back and how often returned are <see cref="HeldBack"/>: the readiness check
/// (<see cref="HeldBackEventsCheck{TModule}"/>) shows them to an operator, for whom the one warning in
/// the log is long gone when the backlog has grown, with since when their events wait read from the
/// store, which a restart does not reset as it does this memory.
/// </para>
/// </summary>
public sealed class OutboxDispatcher<TModule>(
    ModuleStore<TModule> store,
    IBus bus,
    OutboxSignal<TModule> signal,
    IOptions<OutboxOptions> options,
    ILogger<OutboxDispatcher<TModule>> logger) : BackgroundService
    where TModule : IServiceModule
{
    private static readonly Dictionary<string, Type> EventTypes = typeof(IntegrationEvent).Assembly.GetTypes()
        .Where(t => typeof(IntegrationEvent).IsAssignableFrom(t) && !t.IsAbstract)
        .ToDictionary(t => t.FullName!, t => t);

    /// <summary>Types the broker returned (no queue bound), by outbox type name.</summary>
    private readonly ConcurrentDictionary<string, Unrouted> _unrouted = new();

    /// <summary>
    /// A returned type: how many of its messages came back since it was last routed, and when to try it
    /// again. Not since when: its unsent rows in the store say that, across restarts (<see cref="HeldBackEventsCheck{TModule}"/>).
    /// </summary>
    private sealed record Unrouted(Type Type, int Returns, DateTimeOffset RetryAt);

    /// <summary>The types held back now (returned by the broker, not routed since).</summary>
    public IReadOnlyList<HeldBackType> HeldBack =>
        [.. _unrouted.Values.Select(u => new HeldBackType(u.Type.FullName!, u.Type.Name, u.Returns))];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.DispatchEnabled)
        {
            logger.LogWarning("Outbox dispatch of {Module} is disabled by configuration; events stay in the store.", TModule.Name);
            return;
        }

        var backlog = ReportBacklogAsync(stoppingToken);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var sent = await DispatchPendingAsync(stoppingToken);
                    if (sent >= options.Value.BatchSize) continue;
                    if (sent == 0) await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
                    // Let the commits of the next few milliseconds join the next round (OutboxOptions.Linger).
                    if (options.Value.Linger > TimeSpan.Zero) await Task.Delay(options.Value.Linger, stoppingToken);
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    // Broker or store unavailable: keep the messages and try again; nothing is dropped.
                    logger.LogWarning(exception, "Outbox dispatch of {Module} failed; retrying.", TModule.Name);
                    await Task.Delay(options.Value.RetryDelay, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }

        await backlog;
    }

    /// <summary>
    /// Counts the outbox on a clock of its own for the backlog gauge: while the broker is down the
    /// dispatcher waits inside Publish, and that is exactly when an operator needs to see the backlog grow.
    /// </summary>
    private async Task ReportBacklogAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.BacklogInterval);
        try
        {
            do
            {
                try
                {
                    MessagingMetrics.RecordBacklog(TModule.Name, await store.CountPendingOutboxAsync(stoppingToken));
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    logger.LogDebug(exception, "Counting the outbox of {Module} failed; the backlog gauge keeps its last value.", TModule.Name);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>
    /// Publishes what is waiting, concurrently (the broker confirms each message; waiting for one
    /// confirm before sending the next capped a service at a few hundred events per second), then
    /// marks the confirmed events sent in one write. Waiting events of one type go out together as
    /// one <see cref="EventBatch{TEvent}"/> message of up to <see cref="OutboxOptions.MaxEventsPerMessage"/>.
    /// Order is not kept; it was never guaranteed downstream either (each consumer has its own queue
    /// and prefetches several messages), and the consumers compare OccurredAt where order matters.
    /// </summary>
    /// <returns>how many events the broker confirmed (parked ones are not counted).</returns>
    public async Task<int> DispatchPendingAsync(CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var heldBack = _unrouted.Where(u => u.Value.RetryAt > now).Select(u => u.Key).ToList();
        var pending = await store.PendingOutboxAsync(options.Value.BatchSize, heldBack, cancellationToken);
        if (pending.Count < options.Value.BatchSize) ForgetTypesWithNothingWaiting(pending, now);
        var readable = new List<ReadableEvent>(pending.Count);
        var unpublishable = new List<Guid>();
        foreach (var message in pending)
        {
            if (TryRead(message) is { } read) readable.Add(read);
            else unpublishable.Add(message.MessageId);
        }

        await store.ParkOutboxAsync(unpublishable, cancellationToken);
        var groups = Messages(readable).ToList();
        var publishes = groups.Select(group => PublishAsync(group, cancellationToken)).ToList();
        var confirmed = new List<Guid>();
        try
        {
            await Task.WhenAll(publishes);
        }
        finally
        {
            // Whatever the broker confirmed is marked even when another publish of the batch failed,
            // so a retry sends only the rest again (a resend would be harmless, but is avoidable).
            confirmed = publishes.Where(p => p.IsCompletedSuccessfully).SelectMany(p => p.Result).ToList();
            await store.MarkDispatchedAsync(confirmed, CancellationToken.None);
            // A held-back type leaves the operator's list only now that its events are marked sent:
            // dropped at the confirm, readiness said Healthy while they still counted as waiting.
            var routed = groups.Zip(publishes).Where(g => g.Second.IsCompletedSuccessfully && g.Second.Result.Count > 0).Select(g => g.First[0].Type).Distinct();
            foreach (var type in routed) ForgetRoutedAgain(type);
        }

        return confirmed.Count;
    }

    /// <summary>
    /// A read that did not fill the batch held every waiting row of the types due for a retry; a due
    /// type with none among them has nothing left to send (another replica sent it, an operator removed
    /// it), so it will never be published again to clear it, and would stay on the operator's list for ever.
    /// </summary>
    private void ForgetTypesWithNothingWaiting(IReadOnlyList<OutboxMessage> pending, DateTimeOffset now)
    {
        foreach (var held in _unrouted.Where(u => u.Value.RetryAt <= now && pending.All(m => m.MessageType != u.Key)).ToList())
        {
            // Only the entry as read: a return that came in meanwhile keeps it.
            if (_unrouted.TryRemove(held)) logger.LogInformation("No {Type} events of {Module} wait any more; it is no longer held back.", held.Value.Type.Name, TModule.Name);
        }
    }

    /// <summary>An outbox row with its event type and the event read back.</summary>
    private sealed record ReadableEvent(OutboxMessage Message, Type Type, IntegrationEvent Event);

    /// <returns>null when the row can never be published, logged with its id and type.</returns>
    private ReadableEvent? TryRead(OutboxMessage message)
    {
        if (!EventTypes.TryGetValue(message.MessageType, out var type))
        {
            logger.LogError("Outbox message {MessageId} of {Module} has unknown type {Type}; parked, not sent.", message.MessageId, TModule.Name, message.MessageType);
            return null;
        }

        try
        {
            if (JsonSerializer.Deserialize(message.Json, type, StoreJson.Options) is IntegrationEvent integrationEvent) return new ReadableEvent(message, type, integrationEvent);
            logger.LogError("Outbox message {MessageId} of {Module} ({Type}) holds no event; parked, not sent.", message.MessageId, TModule.Name, message.MessageType);
        }
        catch (JsonException exception)
        {
            logger.LogError(exception, "Outbox message {MessageId} of {Module} ({Type}) does not read as its type; parked, not sent.", message.MessageId, TModule.Name, message.MessageType);
        }

        return null;
    }

    /// <summary>The broker messages for the waiting events: each type's events in chunks, oldest first.</summary>
    private IEnumerable<IReadOnlyList<ReadableEvent>> Messages(IReadOnlyList<ReadableEvent> readable) =>
        readable.GroupBy(m => m.Type).SelectMany(type => type.Chunk(Math.Max(1, options.Value.MaxEventsPerMessage)));

    /// <returns>the ids of the events the broker confirmed; none when it returned them (no queue bound).</returns>
    private async Task<IReadOnlyList<Guid>> PublishAsync(IReadOnlyList<ReadableEvent> events, CancellationToken cancellationToken)
    {
        var type = events[0].Type;
        var mandatory = ConsumedEvents.Types.Contains(type);
        try
        {
            if (events.Count == 1)
            {
                await PublishOneAsync(events[0], mandatory, cancellationToken);
            }
            else
            {
                await PublishBatchAsync(events, type, mandatory, cancellationToken);
            }
        }
        catch (MessageReturnedException)
        {
            HoldBack(type, events.Count);
            return [];
        }

        MessagingMetrics.Published.Add(events.Count, MessagingMetrics.Tags(TModule.Name, type.Name));
        return [.. events.Select(e => e.Message.MessageId)];
    }

    private void ForgetRoutedAgain(Type type)
    {
        if (_unrouted.TryRemove(type.FullName!, out _))
        {
            logger.LogInformation("{Type} events of {Module} are routed to a queue again; the ones held back went out.", type.Name, TModule.Name);
        }
    }

    /// <summary>
    /// The broker returned events of <paramref name="type"/>: no queue is bound to its exchange yet.
    /// They stay unsent and the type is left out of the reads for <see cref="OutboxOptions.RetryDelay"/>.
    /// Warned once until the type is routed again; each retry after that only at Debug (the readiness
    /// details keep the count).
    /// </summary>
    private void HoldBack(Type type, int count)
    {
        var retryAt = DateTimeOffset.UtcNow + options.Value.RetryDelay;
        var first = true;
        _unrouted.AddOrUpdate(type.FullName!, _ => new Unrouted(type, 1, retryAt), (_, held) =>
        {
            first = false;
            return held with { Returns = held.Returns + 1, RetryAt = retryAt };
        });
        if (first)
        {
            logger.LogWarning(
                "The broker returned {Count} {Type} events of {Module}: no queue is bound to receive them yet (the services that consume {Type} have not started, or not declared their queues). They stay unsent and are tried again every {RetryDelay}; other types go on.",
                count, type.Name, TModule.Name, type.Name, options.Value.RetryDelay);
        }
        else
        {
            logger.LogDebug("The broker returned {Count} {Type} events of {Module} again: still no queue bound.", count, type.Name, TModule.Name);
        }
    }

    /// <summary>
    /// Asks RabbitMQ to return the message when no queue is bound to it, instead of confirming and
    /// dropping it; MassTransit then faults the publish with <see cref="MessageReturnedException"/>.
    /// The in-memory transport has no such flag, and nothing to set.
    /// </summary>
    private static void RequireRoute(SendContext context, bool mandatory)
    {
        if (mandatory && context.TryGetPayload<RabbitMqSendContext>(out var rabbit)) rabbit.Mandatory = true;
    }

    private async Task PublishOneAsync(ReadableEvent readable, bool mandatory, CancellationToken cancellationToken)
    {
        var (message, type, integrationEvent) = readable;
        // Continue the trace of the request that wrote the event, not the dispatcher's own loop.
        ActivityContext.TryParse(message.TraceParent, null, out var parent);
        using var activity = MessagingTelemetry.Source.StartActivity($"outbox publish {type.Name}", ActivityKind.Producer, parent);
        await bus.Publish(integrationEvent, type, context =>
        {
            context.MessageId = message.MessageId;
            context.CorrelationId = integrationEvent.CorrelationId;
            RequireRoute(context, mandatory);
        }, cancellationToken);
    }

    /// <summary>
    /// Each event gets its publish span in the trace of the action that wrote it, as a single event
    /// does, and carries that span's context to its consumers; the batch's own span (which the
    /// broker hop continues) links to all of them, as OpenTelemetry's messaging conventions describe
    /// for batches.
    /// </summary>
    private async Task PublishBatchAsync(IReadOnlyList<ReadableEvent> events, Type type, bool mandatory, CancellationToken cancellationToken)
    {
        var spans = new List<Activity>(events.Count);
        var entries = new List<(IntegrationEvent Event, string? TraceParent)>(events.Count);
        try
        {
            foreach (var (message, _, integrationEvent) in events)
            {
                ActivityContext.TryParse(message.TraceParent, null, out var parent);
                // Started and set aside: an async method's changes to Activity.Current stay in it.
                var span = MessagingTelemetry.Source.StartActivity($"outbox publish {type.Name}", ActivityKind.Producer, parent);
                Activity.Current = null;
                if (span is not null) spans.Add(span);
                entries.Add((integrationEvent, span?.Id ?? message.TraceParent));
            }

            using var batchSpan = MessagingTelemetry.Source.StartActivity(
                $"outbox publish batch {type.Name}", ActivityKind.Producer, default(ActivityContext), links: spans.Select(s => new ActivityLink(s.Context)));
            batchSpan?.SetTag("messaging.batch.message_count", events.Count);
            await bus.Publish(EventBatches.Create(type, entries), EventBatches.TypeFor(type), context => RequireRoute(context, mandatory), cancellationToken);
        }
        finally
        {
            foreach (var span in spans) span.Dispose();
        }
    }
}

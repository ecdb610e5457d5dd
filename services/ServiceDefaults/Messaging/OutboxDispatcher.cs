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
/// consumers' inbox makes that harmless (at-least-once delivery, applied once).
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
    public async Task<int> DispatchPendingAsync(CancellationToken cancellationToken)
    {
        var pending = await store.PendingOutboxAsync(options.Value.BatchSize, cancellationToken);
        var publishes = Messages(pending).Select(group => PublishAsync(group, cancellationToken)).ToList();
        try
        {
            await Task.WhenAll(publishes);
        }
        finally
        {
            // Whatever the broker confirmed is marked even when another publish of the batch failed,
            // so a retry sends only the rest again (a resend would be harmless, but is avoidable).
            var confirmed = publishes.Where(p => p.IsCompletedSuccessfully).SelectMany(p => p.Result).ToList();
            await store.MarkDispatchedAsync(confirmed, CancellationToken.None);
        }

        return pending.Count;
    }

    /// <summary>The broker messages for the waiting events: each type's events in chunks, oldest first.</summary>
    private IEnumerable<IReadOnlyList<OutboxMessage>> Messages(IReadOnlyList<OutboxMessage> pending) =>
        pending.GroupBy(m => m.MessageType).SelectMany(type => type.Chunk(Math.Max(1, options.Value.MaxEventsPerMessage)));

    /// <returns>the ids of the events the broker confirmed; none for an event left in the outbox.</returns>
    private async Task<IReadOnlyList<Guid>> PublishAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        if (!EventTypes.TryGetValue(messages[0].MessageType, out var type))
        {
            foreach (var message in messages) logger.LogError("Outbox message {MessageId} has unknown type {Type}; left in the outbox.", message.MessageId, message.MessageType);
            return [];
        }

        if (messages.Count == 1)
        {
            await PublishOneAsync(messages[0], type, cancellationToken);
        }
        else
        {
            await PublishBatchAsync(messages, type, cancellationToken);
        }

        MessagingMetrics.Published.Add(messages.Count, MessagingMetrics.Tags(TModule.Name, type.Name));
        return [.. messages.Select(m => m.MessageId)];
    }

    private async Task PublishOneAsync(OutboxMessage message, Type type, CancellationToken cancellationToken)
    {
        var integrationEvent = Read(message, type);
        // Continue the trace of the request that wrote the event, not the dispatcher's own loop.
        ActivityContext.TryParse(message.TraceParent, null, out var parent);
        using var activity = MessagingTelemetry.Source.StartActivity($"outbox publish {type.Name}", ActivityKind.Producer, parent);
        await bus.Publish(integrationEvent, type, context =>
        {
            context.MessageId = message.MessageId;
            context.CorrelationId = integrationEvent.CorrelationId;
        }, cancellationToken);
    }

    /// <summary>
    /// Each event gets its publish span in the trace of the action that wrote it, as a single event
    /// does, and carries that span's context to its consumers; the batch's own span (which the
    /// broker hop continues) links to all of them, as OpenTelemetry's messaging conventions describe
    /// for batches.
    /// </summary>
    private async Task PublishBatchAsync(IReadOnlyList<OutboxMessage> messages, Type type, CancellationToken cancellationToken)
    {
        var spans = new List<Activity>(messages.Count);
        var entries = new List<(IntegrationEvent Event, string? TraceParent)>(messages.Count);
        try
        {
            foreach (var message in messages)
            {
                ActivityContext.TryParse(message.TraceParent, null, out var parent);
                // Started and set aside: an async method's changes to Activity.Current stay in it.
                var span = MessagingTelemetry.Source.StartActivity($"outbox publish {type.Name}", ActivityKind.Producer, parent);
                Activity.Current = null;
                if (span is not null) spans.Add(span);
                entries.Add((Read(message, type), span?.Id ?? message.TraceParent));
            }

            using var batchSpan = MessagingTelemetry.Source.StartActivity(
                $"outbox publish batch {type.Name}", ActivityKind.Producer, default(ActivityContext), links: spans.Select(s => new ActivityLink(s.Context)));
            batchSpan?.SetTag("messaging.batch.message_count", messages.Count);
            await bus.Publish(EventBatches.Create(type, entries), EventBatches.TypeFor(type), cancellationToken);
        }
        finally
        {
            foreach (var span in spans) span.Dispose();
        }
    }

    private static IntegrationEvent Read(OutboxMessage message, Type type) =>
        (IntegrationEvent)JsonSerializer.Deserialize(message.Json, type, StoreJson.Options)!;
}

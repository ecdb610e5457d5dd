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
                    if (sent == 0) await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
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
    /// Publishes one batch concurrently (the broker confirms each; waiting for one confirm before
    /// sending the next capped a service at a few hundred events per second), then marks the
    /// confirmed ones sent in one write. Order within a batch is not kept; it was never guaranteed
    /// downstream either (each consumer has its own queue and prefetches several messages), and the
    /// consumers compare OccurredAt where order matters.
    /// </summary>
    public async Task<int> DispatchPendingAsync(CancellationToken cancellationToken)
    {
        var pending = await store.PendingOutboxAsync(options.Value.BatchSize, cancellationToken);
        var publishes = pending.Select(message => PublishAsync(message, cancellationToken)).ToList();
        try
        {
            await Task.WhenAll(publishes);
        }
        finally
        {
            // Whatever the broker confirmed is marked even when another publish of the batch failed,
            // so a retry sends only the rest again (a resend would be harmless, but is avoidable).
            var confirmed = publishes.Where(p => p.IsCompletedSuccessfully && p.Result is not null).Select(p => p.Result!.Value).ToList();
            await store.MarkDispatchedAsync(confirmed, CancellationToken.None);
        }

        return pending.Count;
    }

    /// <returns>the message id once the broker confirmed it; null for a message left in the outbox.</returns>
    private async Task<Guid?> PublishAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (!EventTypes.TryGetValue(message.MessageType, out var type))
        {
            logger.LogError("Outbox message {MessageId} has unknown type {Type}; left in the outbox.", message.MessageId, message.MessageType);
            return null;
        }

        var integrationEvent = (IntegrationEvent)JsonSerializer.Deserialize(message.Json, type, StoreJson.Options)!;
        // Continue the trace of the request that wrote the event, not the dispatcher's own loop.
        ActivityContext.TryParse(message.TraceParent, null, out var parent);
        using var activity = MessagingTelemetry.Source.StartActivity($"outbox publish {type.Name}", ActivityKind.Producer, parent);
        await bus.Publish(integrationEvent, type, context =>
        {
            context.MessageId = message.MessageId;
            context.CorrelationId = integrationEvent.CorrelationId;
        }, cancellationToken);
        MessagingMetrics.Published.Add(1, MessagingMetrics.Tags(TModule.Name, type.Name));
        return message.MessageId;
    }
}

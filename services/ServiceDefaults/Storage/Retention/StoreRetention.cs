using System.Diagnostics.Metrics;
using EvSysReview.ServiceDefaults.Messaging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EvSysReview.ServiceDefaults.Storage.Retention;

/// <summary>
/// Purges a module's store every <see cref="RetentionOptions.Interval"/>: sent outbox messages,
/// inbox entries and the documents of its expiring collections past their ages. A failed purge
/// is logged and tried again at the next interval; nothing else depends on it.
/// </summary>
public sealed class StoreRetention<TModule>(
    ModuleStore<TModule> store,
    IReadOnlyList<ExpiringCollection> expiring,
    IOptions<RetentionOptions> options,
    TimeProvider clock,
    ILogger<StoreRetention<TModule>> logger) : BackgroundService
    where TModule : IServiceModule
{
    public const string PurgedName = "evsys.store.purged";

    private static readonly Counter<long> Purged = MessagingTelemetry.Meter.CreateCounter<long>(
        PurgedName, "{row}", "Rows a store's retention purge removed; part = sent-outbox, inbox or documents.");

    /// <summary>What a purge now would remove: everything older than each part's age.</summary>
    public PurgeRequest RequestAt(DateTimeOffset now)
    {
        var settings = options.Value;
        return new PurgeRequest
        {
            SentOutboxBefore = now - settings.SentOutbox,
            InboxBefore = now - settings.Inbox,
            DocumentsBefore = expiring.ToDictionary(e => e.Collection, e => now - e.Age(settings)),
        };
    }

    public async Task<PurgeResult> PurgeOnceAsync(CancellationToken cancellationToken)
    {
        var result = await store.PurgeAsync(RequestAt(clock.GetUtcNow()), cancellationToken);
        Purged.Add(result.SentOutbox, new KeyValuePair<string, object?>("module", TModule.Name), new KeyValuePair<string, object?>("part", "sent-outbox"));
        Purged.Add(result.Inbox, new KeyValuePair<string, object?>("module", TModule.Name), new KeyValuePair<string, object?>("part", "inbox"));
        Purged.Add(result.Documents, new KeyValuePair<string, object?>("module", TModule.Name), new KeyValuePair<string, object?>("part", "documents"));
        if (result.Total > 0)
        {
            logger.LogInformation(
                "Retention purged {SentOutbox} sent outbox messages, {Inbox} inbox entries and {Documents} expired documents from {Module}.",
                result.SentOutbox, result.Inbox, result.Documents, TModule.Name);
        }

        return result;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled) return;
        try
        {
            await Task.Delay(settings.StartDelay, clock, stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await PurgeOnceAsync(stoppingToken);
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(exception, "Retention purge of {Module} failed; trying again in {Interval}.", TModule.Name, settings.Interval);
                }

                await Task.Delay(settings.Interval, clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}

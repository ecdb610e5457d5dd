using EvSysReview.ServiceDefaults.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace EvSysReview.ServiceDefaults.Messaging;

/// <summary>An event type the broker returned and the dispatcher holds back: <paramref name="MessageType"/> as the outbox stores it, <paramref name="Type"/> its short name.</summary>
public sealed record HeldBackType(string MessageType, string Type, int Returns);

/// <summary>One held-back type in the readiness details: since when its oldest unsent event waits, how many of its messages came back, how many of its events wait.</summary>
public sealed record HeldBackEntry(string Type, DateTimeOffset Since, int Returns, int Waiting)
{
    /// <summary>Why a type is held back, in the Degraded description and on the gateway's operations page.</summary>
    public const string Reason = "no queue is bound for it: is the consuming service deployed?";
}

/// <summary>
/// Readiness check "outbox-{module}": lists the event types the dispatcher holds back because the
/// broker returned them (data "heldBack", operators only, <see cref="HealthResponse"/>), and is
/// Degraded while one has been held back longer than <see cref="OutboxOptions.HeldBackDegradedAfter"/>,
/// counted from when its oldest unsent event was written: a host restarted hours into the wait still
/// says hours, and Degraded at once, where the dispatcher's memory would start over at its first return.
/// Degraded, not Unhealthy: the service still serves (its readiness stays 200 and the gateway keeps
/// routing to it); only the events of that type wait, for a consumer that is not there.
/// </summary>
public sealed class HeldBackEventsCheck<TModule>(OutboxDispatcher<TModule> dispatcher, ModuleStore<TModule> store, IOptions<OutboxOptions> options) : IHealthCheck
    where TModule : IServiceModule
{
    public static string Name => $"outbox-{TModule.Name}";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var entries = new List<HeldBackEntry>();
        foreach (var held in dispatcher.HeldBack)
        {
            // None left (sent by another replica, removed): nothing is held back; the dispatcher forgets the type on its next read.
            if (await store.WaitingOutboxAsync(held.MessageType, cancellationToken) is not { OldestCreatedAt: { } since } waiting) continue;
            entries.Add(new HeldBackEntry(held.Type, since, held.Returns, waiting.Count));
        }

        entries.Sort((a, b) => a.Since.CompareTo(b.Since));
        var data = new Dictionary<string, object> { ["heldBack"] = entries };
        var longHeld = entries.Where(h => DateTimeOffset.UtcNow - h.Since >= options.Value.HeldBackDegradedAfter).ToList();
        if (longHeld.Count == 0) return HealthCheckResult.Healthy(data: data);
        var description = string.Join("; ", longHeld.Select(h => $"{h.Type} events held back since {h.Since:u} (returned {h.Returns} times): {HeldBackEntry.Reason}"));
        return HealthCheckResult.Degraded(description, data: data);
    }
}

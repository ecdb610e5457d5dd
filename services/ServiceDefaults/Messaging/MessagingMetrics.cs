using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace EvSysReview.ServiceDefaults.Messaging;

/// <summary>
/// The figures an operator watches to see whether the event flow keeps up: events applied and
/// published per module, how long an event waited between being written and being applied (queue
/// lag), what each module's outbox still holds, and screening decisions (the system's busiest
/// command). Exported by OpenTelemetry under the meter <see cref="MessagingTelemetry.Name"/>.
/// </summary>
public static class MessagingMetrics
{
    public const string ConsumedName = "evsys.messages.consumed";
    public const string PublishedName = "evsys.messages.published";
    public const string QueueLagName = "evsys.queue.lag";
    public const string OutboxBacklogName = "evsys.outbox.backlog";
    public const string ScreeningDecisionsName = "evsys.screening.decisions";

    public static readonly Counter<long> Consumed = MessagingTelemetry.Meter.CreateCounter<long>(
        ConsumedName, "{event}", "Events a module's consumer handled; outcome=duplicate when its inbox had already applied it (a redelivery).");

    public static readonly Counter<long> Published = MessagingTelemetry.Meter.CreateCounter<long>(
        PublishedName, "{event}", "Events a module's outbox published and the broker confirmed.");

    public static readonly Histogram<double> QueueLag = MessagingTelemetry.Meter.CreateHistogram<double>(
        QueueLagName, "s", "From the event's OccurredAt (its commit in the producing service) to its effect committed by a consumer.");

    public static readonly Counter<long> ScreeningDecisions = MessagingTelemetry.Meter.CreateCounter<long>(
        ScreeningDecisionsName, "{decision}", "Screening decisions recorded (the throughput a review team sees).");

    private static readonly ConcurrentDictionary<string, long> Backlogs = new();

    // Observable: the dispatcher already reads its outbox, so the gauge reports its last reading
    // instead of querying the store on the exporter's thread.
    public static readonly ObservableGauge<long> OutboxBacklog = MessagingTelemetry.Meter.CreateObservableGauge(
        OutboxBacklogName,
        () => Backlogs.Select(b => new Measurement<long>(b.Value, new KeyValuePair<string, object?>("module", b.Key))),
        "{event}",
        "Events a module committed and has not yet published (grows while the broker is unreachable; stays above zero while parked events, which cannot be published, wait for an operator).");

    public static void RecordBacklog(string module, long pending)
    {
        Backlogs[module] = pending;
    }

    public static TagList Tags(string module, string message) => new() { { "module", module }, { "message", message } };
}

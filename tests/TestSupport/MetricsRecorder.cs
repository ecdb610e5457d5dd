using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using EvSysReview.ServiceDefaults.Messaging;

namespace EvSysReview.TestSupport;

/// <summary>Every measurement of the messaging meter while it lives (an in-memory MeterListener), with its tags.</summary>
public sealed class MetricsRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, string?> Tags)> _measurements = new();

    public MetricsRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MessagingTelemetry.Name) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>The measurements of one instrument whose tags include all of <paramref name="tags"/> (name=value pairs).</summary>
    public IReadOnlyList<double> Values(string instrument, params (string Name, string Value)[] tags) =>
        _measurements.Where(m => m.Instrument == instrument && tags.All(t => m.Tags.TryGetValue(t.Name, out var v) && v == t.Value)).Select(m => m.Value).ToList();

    public double Sum(string instrument, params (string Name, string Value)[] tags) => Values(instrument, tags).Sum();

    /// <summary>Reads the observable gauges now and returns the latest reading for the module.</summary>
    public double? Backlog(string module)
    {
        _listener.RecordObservableInstruments();
        var readings = Values(MessagingMetrics.OutboxBacklogName, ("module", module));
        return readings.Count == 0 ? null : readings[^1];
    }

    public void Dispose() => _listener.Dispose();

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, string?>();
        foreach (var tag in tags) copy[tag.Key] = tag.Value?.ToString();
        _measurements.Enqueue((instrument.Name, value, copy));
    }
}

using Microsoft.Extensions.Logging;

namespace EvSysReview.Ingestion.Tests;

/// <summary>Keeps what a component logs at Warning or above, so a test can assert that nothing was logged as a failure.</summary>
public sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly List<string> _entries = [];

    public IReadOnlyList<string> Warnings { get { lock (_entries) return [.. _entries]; } }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel)) return;
        lock (_entries) _entries.Add($"{logLevel}: {formatter(state, exception)}{(exception is null ? "" : $" ({exception.GetType().Name})")}");
    }
}

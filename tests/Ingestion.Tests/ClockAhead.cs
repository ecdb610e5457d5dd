namespace EvSysReview.Ingestion.Tests;

/// <summary>The system clock moved on by <paramref name="ahead"/>: another instance polling after a run's claim has expired.</summary>
public sealed class ClockAhead(TimeSpan ahead) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + ahead;
}

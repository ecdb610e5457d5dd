namespace EvSysReview.Platform.Tests.Storage;

/// <summary>The real clock moved on by a fixed shift: "a day later" without waiting a day.</summary>
internal sealed class LaterClock(TimeSpan shift) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + shift;
}

using EvSysReview.TestSupport;

namespace EvSysReview.Ingestion.Tests;

/// <summary>
/// The system clock moved on by <paramref name="perSearch"/> for every esearch request the fake has
/// received: a search step as slow as a loaded NCBI makes it, without the test waiting for it.
/// </summary>
public sealed class ClockOfSearches(FakeEUtilities fake, TimeSpan perSearch) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + perSearch * fake.Of("esearch").Count;
}

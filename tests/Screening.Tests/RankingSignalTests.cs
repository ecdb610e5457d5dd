using EvSysReview.Screening.Ranking;

namespace EvSysReview.Screening.Tests;

public sealed class RankingSignalTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_project_is_due_after_enough_final_decisions_but_not_again_within_the_minimum_interval()
    {
        var signal = new RankingSignal();
        var project = Guid.NewGuid();
        signal.Changed(project, 10);
        Assert.Equal([project], signal.TakeDue(10, TimeSpan.FromSeconds(30), Start, TimeSpan.FromSeconds(5)));

        signal.Changed(project, 25);
        Assert.Empty(signal.TakeDue(10, TimeSpan.FromSeconds(30), Start.AddSeconds(4), TimeSpan.FromSeconds(5)));
        // Still pending, so it is taken once the interval has passed.
        Assert.Equal([project], signal.TakeDue(10, TimeSpan.FromSeconds(30), Start.AddSeconds(5), TimeSpan.FromSeconds(5)));
        Assert.Empty(signal.TakeDue(10, TimeSpan.FromSeconds(30), Start.AddSeconds(60), TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Too_few_final_decisions_wait_for_the_maximum_delay()
    {
        var signal = new RankingSignal();
        var project = Guid.NewGuid();
        signal.Changed(project, 3);
        Assert.Empty(signal.TakeDue(10, TimeSpan.FromSeconds(30), DateTimeOffset.UtcNow, TimeSpan.FromSeconds(5)));
        Assert.Equal([project], signal.TakeDue(10, TimeSpan.FromSeconds(30), DateTimeOffset.UtcNow.AddSeconds(31), TimeSpan.FromSeconds(5)));
    }
}

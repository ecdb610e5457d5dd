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

    [Fact]
    public void A_slow_rerank_stretches_the_project_interval_to_keep_ranking_within_its_share_of_time()
    {
        var signal = new RankingSignal();
        var slow = Guid.NewGuid();
        var small = Guid.NewGuid();
        signal.Changed(slow, 10);
        signal.Changed(small, 10);
        Assert.Equal(2, signal.TakeDue(10, TimeSpan.FromSeconds(30), Start, TimeSpan.FromSeconds(5)).Count);
        signal.Ranked(slow, TimeSpan.FromSeconds(1.5), 0.1);
        signal.Ranked(small, TimeSpan.FromMilliseconds(50), 0.1);

        signal.Changed(slow, 100);
        signal.Changed(small, 100);
        // The small project keeps the 5 s minimum; the slow one waits 1.5 s / 0.1 = 15 s.
        Assert.Equal([small], signal.TakeDue(10, TimeSpan.FromSeconds(30), Start.AddSeconds(5), TimeSpan.FromSeconds(5)));
        Assert.Empty(signal.TakeDue(10, TimeSpan.FromSeconds(30), Start.AddSeconds(14.9), TimeSpan.FromSeconds(5)));
        Assert.Equal([slow], signal.TakeDue(10, TimeSpan.FromSeconds(30), Start.AddSeconds(15), TimeSpan.FromSeconds(5)));
    }
}

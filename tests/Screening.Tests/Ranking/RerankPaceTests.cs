using EvSysReview.Screening.Ranking;
using Microsoft.Extensions.Time.Testing;

namespace EvSysReview.Screening.Tests.Ranking;

/// <summary>The rests between a rerank's steps, on a fake clock: how long each is, and that short steps run straight on.</summary>
public sealed class RerankPaceTests
{
    [Theory]
    [InlineData(1.0, 30, 30)]
    [InlineData(2.0, 30, 60)] // the default
    [InlineData(0.5, 40, 20)]
    [InlineData(1.0, 2_000, 100)] // an uncut step (a feature-space fit) rests no longer than LongestRest
    public async Task After_a_step_the_pace_rests_its_share_of_the_step_and_counts_the_rest(double restPerWork, int stepMs, int restMs)
    {
        var clock = new FakeTimeProvider();
        var pace = new RerankPace(restPerWork, clock);
        clock.Advance(TimeSpan.FromMilliseconds(stepMs));

        var resting = pace.BetweenStepsAsync("step", default).AsTask();
        clock.Advance(TimeSpan.FromMilliseconds(restMs - 1));
        Assert.False(resting.IsCompleted, "rested less than it should");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await resting.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(TimeSpan.FromMilliseconds(restMs), pace.Rested);
    }

    [Fact]
    public async Task The_next_step_is_timed_from_the_end_of_the_rest_not_from_the_start_of_the_rerank()
    {
        var clock = new FakeTimeProvider();
        var pace = new RerankPace(1.0, clock);
        clock.Advance(TimeSpan.FromMilliseconds(20));
        var first = pace.BetweenStepsAsync("fit", default).AsTask();
        clock.Advance(TimeSpan.FromMilliseconds(20));
        await first.WaitAsync(TimeSpan.FromSeconds(10));

        // 4 ms of work since the rest ended: under ShortestStepRested, so no rest at all.
        clock.Advance(TimeSpan.FromMilliseconds(4));
        Assert.True(pace.BetweenStepsAsync("score", default).IsCompletedSuccessfully);
        Assert.Equal(TimeSpan.FromMilliseconds(20), pace.Rested);

        // The steps the log lists: the work only, each rest left out, the last ended by Finish; each named by the call that ended it.
        clock.Advance(TimeSpan.FromMilliseconds(7));
        pace.Finish("write");
        Assert.Equal([20.0, 4.0, 7.0], pace.Steps.Select(s => s.TotalMilliseconds));
        Assert.Equal(["fit", "score", "write"], pace.StepNames);
    }

    /// <summary>On the real clocks: a step that sleeps works little CPU, a step that computes works about its wall time.</summary>
    [Fact]
    public void Each_step_s_thread_CPU_time_tells_waiting_from_working()
    {
        // A first pace compiles and loads what a step's end runs, which is not the measured steps' work:
        // the test failed in about one of twenty cold runs beside the other tests without it (the
        // likely cause, as a sleeping step otherwise uses next to no CPU).
        var warm = new RerankPace(0, TimeProvider.System);
        Assert.True(warm.BetweenStepsAsync("step", default).IsCompletedSuccessfully);
        warm.Finish("end");
        var pace = new RerankPace(0, TimeProvider.System);
        Thread.Sleep(100);
        Assert.True(pace.BetweenStepsAsync("step", default).IsCompletedSuccessfully);
        // Computes for at least 100 ms and until the thread has had 30 ms of a core, however busy the machine.
        var computing = System.Diagnostics.Stopwatch.StartNew();
        var computingCpu = ThreadCpuClock.Now();
        var sum = 0.0;
        while (computing.ElapsedMilliseconds < 100 || ThreadCpuClock.Now() - computingCpu < TimeSpan.FromMilliseconds(30)) sum += Math.Sqrt(sum + 1);
        pace.Finish("end");

        Assert.Equal(2, pace.StepsCpu.Count);
        Assert.True(pace.Steps[0] >= TimeSpan.FromMilliseconds(100));
        GC.KeepAlive(sum); // the computation's result is used, so the loop is not optimised away
        if (!OperatingSystem.IsLinux())
        {
            Assert.All(pace.StepsCpu, Assert.Null);
            return;
        }

        // Sleeping, the thread works next to nothing (a little JIT compilation at most) in its 100 ms.
        Assert.InRange(pace.StepsCpu[0]!.Value, TimeSpan.Zero, TimeSpan.FromMilliseconds(20));
        Assert.InRange(pace.StepsCpu[1]!.Value, TimeSpan.FromMilliseconds(30), pace.Steps[1]);
    }

    [Fact]
    public void With_no_rest_asked_for_a_long_step_runs_straight_on()
    {
        var clock = new FakeTimeProvider();
        var pace = new RerankPace(0, clock);
        clock.Advance(TimeSpan.FromMilliseconds(500));

        Assert.True(pace.BetweenStepsAsync("step", default).IsCompletedSuccessfully);
        Assert.Equal(TimeSpan.Zero, pace.Rested);
    }
}

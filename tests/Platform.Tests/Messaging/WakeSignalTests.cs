using EvSysReview.ServiceDefaults.Messaging;

namespace EvSysReview.Platform.Tests.Messaging;

/// <summary>The outbox dispatcher's wake-up (the same class wakes synthesis' recomputation and the PubMed poller).</summary>
public sealed class WakeSignalTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task Notifications_before_a_wait_collapse_into_one_wake_up()
    {
        var signal = new OutboxSignal<IdempotentConsumerTests.CounterModule>();
        for (var i = 0; i < 1_000; i++) signal.Notify();

        Assert.True(await signal.WaitAsync(Short, CancellationToken.None));
        Assert.False(await signal.WaitAsync(Short, CancellationToken.None));
    }

    [Fact]
    public async Task A_notification_after_the_wake_up_wakes_the_worker_again()
    {
        var signal = new OutboxSignal<IdempotentConsumerTests.CounterModule>();
        signal.Notify();
        Assert.True(await signal.WaitAsync(Short, CancellationToken.None));

        // The worker is now draining; a commit during that drain must not be lost.
        signal.Notify();
        Assert.True(await signal.WaitAsync(Short, CancellationToken.None));
    }

    [Fact]
    public async Task A_waiting_worker_is_woken_by_a_later_notification()
    {
        var signal = new OutboxSignal<IdempotentConsumerTests.CounterModule>();
        var waiting = signal.WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        signal.Notify();

        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Repeated_notifications_throw_no_exceptions()
    {
        // The previous signal released a full semaphore and caught SemaphoreFullException: one
        // first-chance exception per extra notification, about 700 a second under the screening load.
        var signal = new OutboxSignal<IdempotentConsumerTests.CounterModule>();
        var thrown = 0;
        void Count(object? sender, System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs e)
        {
            if (e.Exception is SemaphoreFullException) Interlocked.Increment(ref thrown);
        }

        AppDomain.CurrentDomain.FirstChanceException += Count;
        try
        {
            for (var i = 0; i < 10_000; i++) signal.Notify();
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= Count;
        }

        Assert.Equal(0, thrown);
    }
}

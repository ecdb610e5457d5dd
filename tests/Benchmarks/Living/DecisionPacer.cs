using System.Diagnostics;
using System.Runtime.InteropServices;

namespace EvSysReview.Benchmarks.Living;

/// <summary>
/// Releases paced reviewers at their due times from one thread of its own, and each released
/// reviewer's send runs on that thread up to its first wait for the network. The load client shares
/// the two cores with the hosts it measures, and on this machine's paravirtual CPUs a thread switch
/// is dear: with a <c>Task.Delay</c> per decision each send took a wake-up of the runtime's timer
/// thread and then of a thread-pool worker, and 29 % of the client's CPU was the kernel switching
/// threads (docs/performance.md). Here a decision's send costs at most one wake-up, often none
/// (the pacer is already awake for the previous one).
/// </summary>
public sealed class DecisionPacer : IDisposable
{
    private static readonly TimeSpan LongestSleep = TimeSpan.FromMilliseconds(1);

    private readonly Stopwatch _clock;
    private readonly PriorityQueue<TaskCompletionSource, TimeSpan> _waiting = new();
    // Wakes the pacer when a reviewer queues into an empty schedule: with nobody waiting (an unpaced
    // run, the catch-up, the gateway comparison) the thread sleeps instead of waking every millisecond.
    private readonly AutoResetEvent _queued = new(false);
    private readonly Thread _thread;
    private volatile bool _stopped;

    public DecisionPacer(Stopwatch clock)
    {
        _clock = clock;
        _thread = new Thread(Run) { IsBackground = true, Name = "decision pacer" };
        _thread.Start();
    }

    /// <summary>Completes at <paramref name="due"/> on the clock, never before (unless the pacer is disposed first); at once if it has passed.</summary>
    public Task At(TimeSpan due)
    {
        if (due <= _clock.Elapsed) return Task.CompletedTask;
        // Continuations run synchronously (no RunContinuationsAsynchronously): the reviewer's send
        // happens on the pacer's thread instead of being queued to the thread pool.
        var release = new TaskCompletionSource();
        bool wasEmpty;
        lock (_waiting)
        {
            wasEmpty = _waiting.Count == 0;
            _waiting.Enqueue(release, due);
        }

        if (wasEmpty) _queued.Set();
        return release.Task;
    }

    private void Run()
    {
        var released = new List<TaskCompletionSource>();
        while (!_stopped)
        {
            var sleep = LongestSleep;
            bool nobodyWaiting;
            lock (_waiting)
            {
                var now = _clock.Elapsed;
                while (_waiting.TryPeek(out var release, out var due) && due <= now)
                {
                    _waiting.Dequeue();
                    released.Add(release);
                }

                // Wake for the next one due; at least every millisecond, for a reviewer that queues
                // an earlier time while this thread sleeps.
                if (_waiting.TryPeek(out _, out var next) && next - now < sleep) sleep = next - now;
                nobodyWaiting = _waiting.Count == 0;
            }

            foreach (var release in released) release.SetResult();
            released.Clear();
            // A reviewer that queues after the check has set the event, so this returns at once.
            if (nobodyWaiting) _queued.WaitOne();
            else Sleep(sleep);
        }

        lock (_waiting)
        {
            while (_waiting.TryDequeue(out var release, out _)) release.SetResult();
        }
    }

    /// <summary>Thread.Sleep counts whole milliseconds; a reviewer due in 0.4 ms would be sent 0.6 ms late.</summary>
    private static void Sleep(TimeSpan duration)
    {
        if (!OperatingSystem.IsLinux())
        {
            Thread.Sleep(1);
            return;
        }

        var request = new Timespec { Seconds = 0, Nanoseconds = Math.Max(0, duration.Ticks) * 100 };
        NanoSleep(ref request, IntPtr.Zero);
    }

    public void Dispose()
    {
        _stopped = true;
        _queued.Set();
        // Disposed on the pacer's own thread: a released reviewer's send ran there, its answer was already
        // in (the read completed at once), its loop ended, and it was the last, so the awaiting method went
        // on to its `using` end on this thread too. Joining itself would wait forever (gateway-cost hung so
        // in its paced window, 2026-12-05 11:55). The thread sees _stopped once this continuation returns
        // and ends; the event is left to its finalizer, as the loop may still wait on it once.
        if (Thread.CurrentThread == _thread) return;
        _thread.Join();
        _queued.Dispose();
    }

#pragma warning disable SYSLIB1054 // one call; LibraryImport would need unsafe code in the benchmarks
    [DllImport("libc", EntryPoint = "nanosleep")]
    private static extern int NanoSleep(ref Timespec request, IntPtr remaining);
#pragma warning restore SYSLIB1054

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}

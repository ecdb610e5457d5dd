using System.Runtime.InteropServices;

namespace EvSysReview.Screening.Ranking;

/// <summary>
/// The CPU time the calling thread has used, where the platform reports it (Linux:
/// clock_gettime(CLOCK_THREAD_CPUTIME_ID)); null elsewhere. A rerank step's wall time on a loaded
/// machine includes waiting for a core; its thread's CPU time says how much of it was work.
/// </summary>
public static class ThreadCpuClock
{
    private const int ClockThreadCpuTime = 3;

    public static TimeSpan? Now()
    {
        if (!OperatingSystem.IsLinux() || ClockGetTime(ClockThreadCpuTime, out var time) != 0) return null;
        return TimeSpan.FromTicks((time.Seconds * TimeSpan.TicksPerSecond) + (time.Nanoseconds / 100));
    }

#pragma warning disable SYSLIB1054 // LibraryImport would need unsafe code enabled in the module for one call
    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out Timespec time);
#pragma warning restore SYSLIB1054

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}

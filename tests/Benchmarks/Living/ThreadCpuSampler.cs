using System.Globalization;
using System.Text.RegularExpressions;

namespace EvSysReview.Benchmarks.Living;

/// <summary>
/// Where each second's CPU went, by process and thread name: every thread's CPU time
/// (/proc/PID/task/TID/stat) read once a second of the run. A second in which every decision waits is
/// a second in which something else had the cores, and the runtime names its threads (".NET Server GC",
/// ".NET BGC", ".NET TP Worker", ".NET SocketEng", ".NET Tiered Com"…), as Erlang does the broker's, so
/// the name says whether it was a collection, the thread pool, the socket engine, the JIT or the broker.
/// </summary>
public sealed partial class ThreadCpuSampler
{
    private readonly IReadOnlyDictionary<string, int> _pids;
    private readonly Func<TimeSpan> _clock;
    private readonly Thread _thread;
    private readonly List<(int Second, Dictionary<string, double> Seconds)> _seconds = [];
    // Set to stop: the thread waits on it between readings, so stopping never waits for a sleep.
    private readonly ManualResetEventSlim _stopping = new(false);

    private ThreadCpuSampler(IReadOnlyDictionary<string, int> pids, Func<TimeSpan> clock)
    {
        _pids = pids;
        _clock = clock;
        _thread = new Thread(Sample) { IsBackground = true, Name = "thread cpu" };
    }

    /// <summary>Starts reading at each whole second of <paramref name="clock"/> (the run's, so the seconds line up with the timeline's).</summary>
    public static ThreadCpuSampler Start(IReadOnlyDictionary<string, int> pids, Func<TimeSpan> clock)
    {
        var sampler = new ThreadCpuSampler(pids, clock);
        sampler._thread.Start();
        return sampler;
    }

    /// <summary>Stops; for each whole second read, the CPU seconds each "process: thread name" spent in it.</summary>
    public IReadOnlyDictionary<int, Dictionary<string, double>> Stop()
    {
        _stopping.Set();
        _thread.Join();
        _stopping.Dispose();
        return _seconds.ToDictionary(s => s.Second, s => s.Seconds);
    }

    /// <summary>
    /// For each second whose p99 passed <paramref name="slowMs"/>: the thread groups that spent the most
    /// above their own mean second, with both figures, so what was different in that second stands out.
    /// </summary>
    public static void Print(IReadOnlyDictionary<int, Dictionary<string, double>> bySecond, IEnumerable<int> slowSeconds, double slowMs)
    {
        if (bySecond.Count == 0) return;
        var groups = bySecond.Values.SelectMany(s => s.Keys).Distinct().ToList();
        var mean = groups.ToDictionary(g => g, g => bySecond.Values.Sum(s => s.GetValueOrDefault(g)) / bySecond.Count);
        Console.WriteLine($"where the CPU went in the seconds whose p99 passed {slowMs:F0} ms (cores; each thread group's own mean second in brackets; the five most above their mean; {bySecond.Count} seconds read):");
        var any = false;
        foreach (var second in slowSeconds.Order())
        {
            if (!bySecond.TryGetValue(second, out var spent)) continue;
            any = true;
            var above = groups.Select(g => (Group: g, Spent: spent.GetValueOrDefault(g))).OrderByDescending(g => g.Spent - mean[g.Group]).Take(5);
            Console.WriteLine($"  second {second,3}: all {spent.Values.Sum():F2} (mean {mean.Values.Sum():F2}); {string.Join(", ", above.Select(g => $"{g.Group} {g.Spent:F2} ({mean[g.Group]:F2})"))}");
        }

        if (!any) Console.WriteLine("  none");
    }

    /// <summary>Every second's figures as a table (second, group, CPU seconds), for looking beyond the slow seconds.</summary>
    public static void Write(IReadOnlyDictionary<int, Dictionary<string, double>> bySecond, string path) =>
        File.WriteAllLines(path, bySecond.OrderBy(s => s.Key).SelectMany(s => s.Value.OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{s.Key}\t{g.Key}\t{g.Value:F2}"))).Prepend("second\tthreads\tcpu_seconds"));

    private void Sample()
    {
        var last = Read();
        while (true)
        {
            // Wake at the next whole second of the run's clock.
            var now = _clock();
            var next = Math.Floor(now.TotalSeconds) + 1;
            if (_stopping.Wait(TimeSpan.FromSeconds(next) - now)) return;
            // The reading closes the second before the whole second it waited for, however late it
            // wakes or long it reads (labelling it by the clock after a slow read named one second
            // twice, and Stop's dictionary then threw away the whole run). A wait counts whole
            // milliseconds, so a wake can come just short of its second and the next wait aim at the
            // same second again: that reading's CPU joins the second already closed.
            var second = (int)next - 1;
            var current = Read();
            var spent = _seconds.Count > 0 && _seconds[^1].Second >= second ? _seconds[^1].Seconds : null;
            if (spent is null)
            {
                spent = [];
                _seconds.Add((second, spent));
            }

            foreach (var (thread, (group, ticks)) in current)
            {
                var delta = ticks - (last.TryGetValue(thread, out var before) ? before.Ticks : 0);
                if (delta > 0) spent[group] = spent.GetValueOrDefault(group) + delta / 100.0;
            }

            last = current;
        }
    }

    /// <summary>Every thread of the processes: its group ("process: name", digits dropped) and its CPU ticks so far (1/100 s).</summary>
    private Dictionary<(int Pid, int Tid), (string Group, long Ticks)> Read()
    {
        var threads = new Dictionary<(int, int), (string, long)>();
        foreach (var (process, pid) in _pids)
        {
            if (pid == 0) continue;
            try
            {
                foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
                {
                    try
                    {
                        var (name, fields) = HostProcesses.Stat(Path.Combine(task, "stat"));
                        threads[(pid, int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture))] = ($"{process}: {Digits().Replace(name, "").Trim()}", HostProcesses.CpuTicks(fields));
                    }
                    catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                    {
                        // The thread exited between the listing and the read.
                    }
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // The process has gone.
            }
        }

        return threads;
    }

    [GeneratedRegex(@"[0-9_]+$|[0-9]+")]
    private static partial Regex Digits();
}

using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace EvSysReview.Benchmarks.Living;

/// <summary>
/// Where a host's allocations come from under load: reads a trace of its allocation samples (the
/// runtime's AllocationTick, one per ~100 KB allocated, with the stack) and sums the sampled bytes by
/// type, by the first frame of our code on the stack, and by the innermost frames. Collect it with
/// `dotnet-trace collect -p PID --profile gc-verbose --duration 00:00:00:08 -o host.nettrace` while
/// `living-load` runs, then `dotnet tests/Benchmarks/bin/Release/net10.0/EvSysReview.Benchmarks.dll allocations host.nettrace`.
/// </summary>
public sealed class AllocationTallyCommand : ISideBySideCommand
{
    public string Name => "allocations";

    public int Run(string[] args)
    {
        if (args.Length < 1 || !File.Exists(args[0]))
        {
            Console.Error.WriteLine("usage: allocations <trace.nettrace> [rows]");
            return 2;
        }

        var rows = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 25;
        using var log = new TraceLog(TraceLog.CreateFromEventPipeDataFile(args[0]));
        var byType = new Dictionary<string, double>();
        var byOurFrame = new Dictionary<string, double>();
        var byInnerFrames = new Dictionary<string, double>();
        double total = 0;
        foreach (var traceEvent in log.Events)
        {
            if (traceEvent is not GCAllocationTickTraceData tick) continue;
            double bytes = tick.AllocationAmount64;
            total += bytes;
            Add(byType, tick.TypeName ?? "?", bytes);
            string? ours = null;
            var inner = new List<string>();
            for (var frame = traceEvent.CallStack(); frame is not null; frame = frame.Caller)
            {
                var method = frame.CodeAddress.FullMethodName;
                if (string.IsNullOrEmpty(method)) continue;
                if (inner.Count < 3) inner.Add(Shorten(method));
                if (ours is null && method.StartsWith("EvSysReview", StringComparison.Ordinal)) ours = Shorten(method);
            }

            Add(byOurFrame, ours ?? "(no frame of ours: the framework's own work, e.g. Kestrel, authentication)", bytes);
            Add(byInnerFrames, string.Join(" < ", inner), bytes);
        }

        Console.WriteLine($"sampled allocations: {total / 1e6:F1} MB");
        Print("by type", byType, rows, total);
        Print("by the first frame of ours on the stack", byOurFrame, rows, total);
        Print("by the innermost three frames", byInnerFrames, rows, total);
        return 0;
    }

    private static void Add(Dictionary<string, double> sums, string key, double bytes) => sums[key] = sums.GetValueOrDefault(key) + bytes;

    private static void Print(string title, Dictionary<string, double> sums, int rows, double total)
    {
        Console.WriteLine($"-- {title}");
        foreach (var (key, bytes) in sums.OrderByDescending(p => p.Value).Take(rows)) Console.WriteLine($"{100 * bytes / total,6:F2} %  {key}");
    }

    private static string Shorten(string method) => method.Length > 140 ? "…" + method[^140..] : method;
}

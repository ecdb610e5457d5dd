using System.Globalization;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Analysis;
using Microsoft.Diagnostics.Tracing.Analysis.GC;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace EvSysReview.Benchmarks.Living;

/// <summary>
/// What each garbage collection of a host cost under load: reads a trace of the runtime's GC events and
/// prints every collection's pause, the bytes it promoted, and how much of that it found through
/// references held by the older generation (the in-memory mirrors) rather than by the requests' own
/// stacks. Collect it with
/// `dotnet-trace collect -p PID --providers Microsoft-Windows-DotNETRuntime:0x1:4 --duration 00:00:00:20 -o host.nettrace`
/// while `living-load` runs, then `dotnet tests/Benchmarks/bin/Release/net10.0/EvSysReview.Benchmarks.dll gc-pauses host.nettrace`.
/// </summary>
public sealed class GcPausesCommand : ISideBySideCommand
{
    public string Name => "gc-pauses";

    public int Run(string[] args)
    {
        if (args.Length < 1 || !File.Exists(args[0]))
        {
            Console.Error.WriteLine("usage: gc-pauses <trace.nettrace>");
            return 2;
        }

        using var source = new EventPipeEventSource(args[0]);
        source.NeedLoadedDotNetRuntimes();
        source.Process();
        foreach (var process in source.Processes())
        {
            if (process.LoadedDotNetRuntime()?.GC?.GCs is not { Count: > 0 } collections) continue;
            Print(collections);
        }

        return 0;
    }

    private static void Print(List<TraceGC> collections)
    {
        var blocking = collections.Where(c => c.Type != GCType.BackgroundGC).ToList();
        Console.WriteLine("  gen  at (s)  pause (ms)  promoted (MB)  of it through the older generation (MB)  its mark (ms)  gen0 before (MB)  heap after (MB)  heaps");
        foreach (var collection in blocking)
        {
            var (older, olderMark, heaps) = ThroughOlder(collection);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {collection.Generation,3}  {collection.StartRelativeMSec / 1000,6:F1}  {collection.PauseDurationMSec,10:F1}  {collection.PromotedMB,13:F2}  {older,39:F2}  {olderMark,13:F1}  {collection.GenSizeBeforeMB[(int)Gens.Gen0],16:F1}  {collection.HeapSizeAfterMB,15:F0}  {heaps,5}"));
        }

        if (blocking.Count == 0) return;
        var pauses = blocking.Select(c => c.PauseDurationMSec).Order().ToList();
        var seconds = (blocking[^1].StartRelativeMSec - blocking[0].StartRelativeMSec) / 1000;
        var promoted = blocking.Sum(c => c.PromotedMB);
        var throughOlder = blocking.Sum(c => ThroughOlder(c).Megabytes);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{blocking.Count} blocking collections in {seconds:F1} s (and {collections.Count - blocking.Count} background): pauses median {pauses[pauses.Count / 2]:F1} ms, longest {pauses[^1]:F1} ms, {pauses.Sum():F0} ms in all ({100 * pauses.Sum() / Math.Max(1, seconds * 1000):F1} % of the time); promoted {promoted:F1} MB, {100 * throughOlder / Math.Max(promoted, 1e-9):F0} % of it through the older generation"));
    }

    /// <summary>
    /// Bytes promoted through the older generation's references (card marking) and the time that step took,
    /// summed over the GC heaps; the runtime reports -1 for a step it did not run.
    /// </summary>
    private static (double Megabytes, double MarkMilliseconds, int Heaps) ThroughOlder(TraceGC collection)
    {
        if (collection.PerHeapMarkTimes is not { Count: > 0 } perHeap) return (0, 0, 0);
        var older = (int)MarkRootType.MarkOlder;
        var bytes = perHeap.Values.Sum(h => Math.Max(0, h.MarkPromoted[older]));
        var milliseconds = perHeap.Values.Sum(h => Math.Max(0, h.MarkTimes[older]));
        return (bytes / 1e6, milliseconds, perHeap.Count);
    }
}

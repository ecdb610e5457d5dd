using System.Collections.Concurrent;
using System.Globalization;
using EvSysReview.ServiceDefaults.Diagnostics;

namespace EvSysReview.Benchmarks.Living;

/// <summary>
/// The hosts' Server-Timing headers (ServerTiming) of the measured decisions, summed by where the
/// request stood in the client's latency order: the middle tenth (p45–p55) beside the slowest 1 %.
/// "outside" is the client's latency minus the first host's total (<c>app</c>, or through the
/// gateway <c>gateway</c>): the network, Kestrel reading the request, the thread pool's queue before
/// the first middleware and the answer's way back. Paced, two waits before the send are taken out of
/// it: "behind-previous" (the reviewer was still waiting for its previous answer when this one was
/// due) and "client-late" (after that, the client's timer or threads ran late on the cores it shares
/// with the hosts; reviewers' browsers run elsewhere). Through the gateway, "gateway-hop" is the
/// gateway's total minus the service's: the gateway's own pipeline, the way to the service and
/// back, and the service's wait before its first middleware.
/// </summary>
public sealed class ServerTimingSummary
{
    private readonly ConcurrentBag<(double Latency, Dictionary<string, double> Phases)> _requests = [];

    /// <summary>Forgets every request added so far (the warm-up's).</summary>
    public void Clear() => _requests.Clear();

    /// <param name="serverTiming">The answer's Server-Timing header (ServerTimingMiddleware.Header), its values joined by commas; null when it had none.</param>
    public void Add(double latencyMilliseconds, string? serverTiming, double behindPreviousMilliseconds = 0, double clientLateMilliseconds = 0)
    {
        if (serverTiming is null) return;
        var phases = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var entry in serverTiming.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = entry.Split(';', StringSplitOptions.TrimEntries);
            var duration = parts.Skip(1).FirstOrDefault(p => p.StartsWith("dur=", StringComparison.Ordinal));
            if (duration is not null && double.TryParse(duration[4..], NumberStyles.Float, CultureInfo.InvariantCulture, out var milliseconds)) phases[parts[0]] = milliseconds;
        }

        phases["behind-previous"] = behindPreviousMilliseconds;
        phases["client-late"] = clientLateMilliseconds;
        var beforeSend = behindPreviousMilliseconds + clientLateMilliseconds;
        // Through the gateway its own total holds the service's: the hop is the difference.
        if (phases.TryGetValue("gateway", out var gateway))
        {
            phases["outside"] = latencyMilliseconds - beforeSend - gateway;
            if (phases.TryGetValue("app", out var service)) phases["gateway-hop"] = gateway - service;
        }
        else if (phases.TryGetValue("app", out var app))
        {
            phases["outside"] = latencyMilliseconds - beforeSend - app;
        }

        _requests.Add((latencyMilliseconds, phases));
    }

    public void Print()
    {
        var sorted = _requests.OrderBy(r => r.Latency).ToList();
        if (sorted.Count < 100)
        {
            Console.WriteLine($"server timing: {sorted.Count} decisions carried a Server-Timing header; too few to split");
            return;
        }

        string[] first = ["behind-previous", "client-late", "outside", "gateway", "gateway-hop", "app"];
        var names = sorted.SelectMany(r => r.Phases.Keys).Distinct().OrderBy(n => Array.IndexOf(first, n) is var i and >= 0 ? i : first.Length).ToList();
        var bands = new (string Name, List<(double Latency, Dictionary<string, double> Phases)> Requests)[]
        {
            ("p45–p55", sorted.Skip((int)(sorted.Count * 0.45)).Take(Math.Max(1, sorted.Count / 10)).ToList()),
            ("slowest 1 %", sorted.Skip((int)Math.Ceiling(sorted.Count * 0.99) - 1).ToList()),
        };
        Console.WriteLine($"server timing, mean ms per decision ({sorted.Count:N0} timed; phases of a request that ran twice are summed):");
        Console.WriteLine($"  {"band",-12} {"n",6} {"client",8}" + string.Concat(names.Select(n => $" {n,13}")));
        foreach (var (name, requests) in bands)
        {
            Console.WriteLine($"  {name,-12} {requests.Count,6} {requests.Average(r => r.Latency),8:F1}" +
                string.Concat(names.Select(n => $" {requests.Average(r => r.Phases.GetValueOrDefault(n)),13:F2}")));
        }
    }
}

using System.Diagnostics;
using System.Net.Http.Headers;

namespace EvSysReview.Benchmarks.Living;

/// <summary>
/// The same GET offered at a fixed rate from a number of connections, each sending one request every
/// connections ÷ rate seconds, latency counted from when each was due (a late answer delays the next
/// send, and that wait counts: no coordinated omission). This is the load the living review runs at —
/// 1,000 decisions/s from 50 reviewers — where the two cores are not saturated, so what a proxy adds
/// is its own path (wake-ups, copies, system calls) rather than its queue for a core, as at wrk's 50
/// connections. wrk cannot pace (wrk2 is not packaged in Debian); the sends come from one thread
/// (<see cref="DecisionPacer"/>), as in `living-load`. The connections stay open from one window to
/// the next, so a window measures requests, not connects.
/// </summary>
public sealed class PacedGets(string url, string token, int connections) : IDisposable
{
    private readonly List<HttpClient> _clients = Enumerable.Range(0, connections).Select(_ => new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 })
    {
        Timeout = TimeSpan.FromSeconds(30),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
    }).ToList();

    /// <summary>Latencies from due, sorted (ms); answers other than 2xx are counted apart.</summary>
    public sealed record Window(IReadOnlyList<double> SortedMs, int NotSuccessful);

    public async Task<Window> RunAsync(int rate, TimeSpan duration)
    {
        var interval = TimeSpan.FromSeconds((double)connections / rate);
        var latencies = new List<double>[connections];
        var notSuccessful = 0;
        var clock = Stopwatch.StartNew();
        using var pacer = new DecisionPacer(clock);
        await Task.WhenAll(_clients.Select(async (client, c) =>
        {
            var mine = latencies[c] = [];
            // Connections spread evenly over one interval, so the offered load is smooth.
            for (var due = interval * ((double)c / connections); due < duration; due += interval)
            {
                await pacer.At(due);
                using var response = await client.GetAsync(url);
                await response.Content.LoadIntoBufferAsync();
                mine.Add((clock.Elapsed - due).TotalMilliseconds);
                if (!response.IsSuccessStatusCode) Interlocked.Increment(ref notSuccessful);
            }
        }));
        return new Window(latencies.SelectMany(l => l).Order().ToList(), notSuccessful);
    }

    public void Dispose()
    {
        foreach (var client in _clients) client.Dispose();
    }
}

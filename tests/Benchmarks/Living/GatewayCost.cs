using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using EvSysReview.TestSupport;

namespace EvSysReview.Benchmarks.Living;

/// <summary>
/// The same authenticated GET (screening's automation settings of the project: one small stored
/// document) direct to the screening host, through the YARP gateway, and through Debian's nginx as
/// a plain reverse proxy, one after the other in one run with wrk; prints requests/s, p50/p99 and
/// the ratios. The gateway also validates the token, applies its rate limiter (set out of reach
/// here) and traces the request; nginx only forwards. So a bare YARP proxy (MapReverseProxy and
/// nothing else, its own process like nginx) runs too: proxy against proxy, and what the gateway's own
/// pipeline adds on top. Each round also reads the CPU time (/proc/PID/stat) the proxy and the
/// screening host spent on it, per request: at 50 connections the two cores are saturated, so the
/// p50 a proxy adds follows what it and the service spend per request, and these say which. After
/// wrk's two loads (50 connections, one) the routes are offered 1,000 requests/s from 50 connections
/// (<see cref="PacedGets"/>): what each hop adds at the rate the living review runs at.
/// </summary>
public static partial class GatewayCost
{
    private const int NginxPort = 5290;
    private const int BareYarpPort = 5291;
    private const int WarmupSeconds = 30;
    /// <summary>How many times the routes take turns unless `--rounds` says otherwise.</summary>
    public const int DefaultRounds = 3;
    private const int PacedRate = 1000;
    private const int PacedConnections = 50;

    /// <param name="pacedSeconds">each paced window's length; null: <paramref name="seconds"/>, as wrk's.</param>
    /// <param name="rounds">how many times the routes take turns in each load.</param>
    /// <param name="pacedOnly">only the paced load (the review's rate), without wrk's two.</param>
    public static async Task RunAsync(Guid projectId, int seconds, IReadOnlyDictionary<string, Process> hosts, int? pacedSeconds = null, int rounds = DefaultRounds, bool pacedOnly = false)
    {
        var screeningPort = HostProcesses.Services.Single(s => s.Name == "screening").Port;
        var path = $"/api/screening/projects/{projectId}/automation";
        var token = TestTokens.Valid("lead");
        await using var nginx = await NginxProxy.StartAsync(NginxPort, screeningPort);
        await using var bareYarp = await BareYarpProxy.StartAsync(BareYarpPort, screeningPort);
        var routes = new[] { ("direct", screeningPort), ("YARP gateway", HostProcesses.GatewayPort), ("nginx", NginxPort), ("bare YARP", BareYarpPort) };
        var service = hosts["screening"].Id;
        // The process doing each route's proxying (none for the direct route); nginx's one worker, not its master.
        var proxies = new Dictionary<string, int> { ["direct"] = 0, ["YARP gateway"] = hosts["gateway"].Id, ["nginx"] = nginx.WorkerPid(), ["bare YARP"] = bareYarp.Pid };
        string Url(int port) => $"http://127.0.0.1:{port}{path}";
        var shownPath = path.Replace(projectId.ToString(), "{id}", StringComparison.Ordinal);
        // Two loads by wrk: 50 connections saturate the 2 cores (wrk, the proxy and the service
        // share them), so p50 there mostly measures each proxy's CPU per request; one connection
        // measures what a hop adds to a request's latency when nothing queues.
        foreach (var connections in pacedOnly ? [50] : new[] { 50, 1 })
        {
            foreach (var (_, port) in routes)
            {
                // Warm-up, not counted: 30 s for every route on the first (50-connection) pass.
                // A .NET host JIT-compiles the code of a new request path (tiered, dynamic PGO) for
                // tens of seconds on these 2 cores: a perf profile of the gateway after a 3 s
                // warm-up showed 41 % of its CPU in the JIT, which made it look 5× nginx's cost.
                await WrkAsync(Url(port), token, connections == 50 ? WarmupSeconds : 3, connections);
            }

            // Paced only: the warm-up above still runs, so the .NET proxies are not measured cold.
            if (pacedOnly) continue;
            var measured = await TakeTurnsAsync(routes, proxies, service, rounds, (_, port) => WrkAsync(Url(port), token, seconds, connections));
            Print($"## Gateway cost: GET {shownPath}, wrk -t{Math.Min(2, connections)} -c{connections} -d{seconds}s, {rounds} rounds with the routes taking turns (after a {(connections == 50 ? WarmupSeconds : 3)} s warm-up per route); medians",
                $"{connections} connection(s)", measured, paced: false);
        }

        // The third load is the one the living review runs at: 1,000 requests/s from 50
        // connections, each one every 50 ms, which leaves the cores part idle (PacedGets).
        var pacedClients = routes.ToDictionary(r => r.Item1, r => new PacedGets(Url(r.Item2), token, PacedConnections));
        try
        {
            foreach (var (route, _) in routes) await pacedClients[route].RunAsync(PacedRate, TimeSpan.FromSeconds(3));
            var window = pacedSeconds ?? seconds;
            var paced = await TakeTurnsAsync(routes, proxies, service, rounds, (route, _) => PacedWindowAsync(route, pacedClients[route], window));
            Print($"## Gateway cost, paced: GET {shownPath}, {PacedRate:N0} requests/s offered from {PacedConnections} connections (each one every {PacedConnections * 1000 / PacedRate} ms), {window} s per window, {rounds} rounds with the routes taking turns (after a 3 s warm-up per route); latency from when each request was due; medians",
                $"paced {PacedRate:N0}/s", paced, paced: true);
            PrintPairedRounds(paced);
        }
        finally
        {
            foreach (var clients in pacedClients.Values) clients.Dispose();
        }
    }

    /// <summary>
    /// The routes take turns, three rounds unless told, and each reports its median: this machine's speed drifts by
    /// a third within minutes, which one window per route after another turned into ratios anywhere from
    /// 0.7 to 3.8 for the same build. Each window also reads the CPU time the route's proxy and the
    /// screening host spent in it, per request.
    /// </summary>
    private static async Task<List<(string Route, List<WrkResult> Rounds)>> TakeTurnsAsync(
        (string Route, int Port)[] routes, Dictionary<string, int> proxies, int service, int count, Func<string, int, Task<WrkResult>> window)
    {
        var rounds = routes.ToDictionary(r => r.Route, _ => new List<WrkResult>());
        for (var round = 0; round < count; round++)
        {
            // Each round starts one route further on, so no route always follows the same neighbour
            // (a route's window inherits what the one before it left: a collection, a JIT burst).
            foreach (var (route, port) in routes.Skip(round % routes.Length).Concat(routes.Take(round % routes.Length)))
            {
                var (proxyBefore, serviceBefore) = (HostProcesses.ProcessCpuSeconds(proxies[route]), HostProcesses.ProcessCpuSeconds(service));
                var result = await window(route, port);
                var perRequest = 1e6 / Math.Max(1, result.Requests);
                rounds[route].Add(result with
                {
                    ProxyCpuMicroseconds = (HostProcesses.ProcessCpuSeconds(proxies[route]) - proxyBefore) * perRequest,
                    ServiceCpuMicroseconds = (HostProcesses.ProcessCpuSeconds(service) - serviceBefore) * perRequest,
                });
            }
        }

        return routes.Select(r => (r.Route, rounds[r.Route])).ToList();
    }

    private static async Task<WrkResult> PacedWindowAsync(string route, PacedGets clients, int seconds)
    {
        var window = await clients.RunAsync(PacedRate, TimeSpan.FromSeconds(seconds));
        // wrk would only count these apart too; a proxy that refuses is not measured, so say so.
        if (window.NotSuccessful > 0) Console.WriteLine($"  warning: {route} answered {window.NotSuccessful:N0} of {window.SortedMs.Count:N0} paced requests with other than 2xx");
        return new WrkResult(window.SortedMs.Count / (double)seconds, LivingLoadCommand.Percentile(window.SortedMs, 0.50), LivingLoadCommand.Percentile(window.SortedMs, 0.99), window.SortedMs.Count);
    }

    private static void Print(string title, string label, List<(string Route, List<WrkResult> Rounds)> measured, bool paced)
    {
        Console.WriteLine(title);
        Console.WriteLine("route           requests/s    p50 ms    p99 ms   CPU µs per request: proxy  service    p50 of each round");
        var results = measured.Select(m => (m.Route, Result: new WrkResult(
            Median(m.Rounds, r => r.RequestsPerSecond), Median(m.Rounds, r => r.P50Ms), Median(m.Rounds, r => r.P99Ms), (long)Median(m.Rounds, r => r.Requests),
            Median(m.Rounds, r => r.ProxyCpuMicroseconds), Median(m.Rounds, r => r.ServiceCpuMicroseconds)))).ToList();
        foreach (var ((route, result), rounds) in results.Zip(measured.Select(m => m.Rounds)))
            Console.WriteLine($"  {route,-14} {result.RequestsPerSecond,10:N0} {result.P50Ms,9:F3} {result.P99Ms,9:F3}   {(route == "direct" ? "—" : result.ProxyCpuMicroseconds.ToString("F1", CultureInfo.InvariantCulture)),24} {result.ServiceCpuMicroseconds,8:F1}    {string.Join(" / ", rounds.Select(r => r.P50Ms.ToString("F3", CultureInfo.InvariantCulture)))}");
        var direct = results[0].Result;
        foreach (var (route, result) in results.Skip(1))
            Console.WriteLine(paced
                ? $"  {route}: p50 {result.P50Ms - direct.P50Ms:+0.000;-0.000} ms, p99 {result.P99Ms - direct.P99Ms:+0.000;-0.000} ms against direct"
                : $"  {route}: throughput {result.RequestsPerSecond / direct.RequestsPerSecond:P0} of direct, p50 {result.P50Ms - direct.P50Ms:+0.000;-0.000} ms, p99 {result.P99Ms - direct.P99Ms:+0.000;-0.000} ms");
        var nginx = results[2].Result;
        foreach (var (name, result) in new[] { ("gateway", results[1].Result), ("bare YARP", results[3].Result) })
        {
            var addedP50 = AddedRatio(result.P50Ms, nginx.P50Ms, direct.P50Ms);
            Console.WriteLine(paced
                ? $"  [{label}] {name} p50 added / nginx p50 added: {addedP50}; {name} p99 added / nginx p99 added: {AddedRatio(result.P99Ms, nginx.P99Ms, direct.P99Ms)}"
                : $"  [{label}] {name} p50 added / nginx p50 added: {addedP50}; {name} throughput / nginx throughput: {result.RequestsPerSecond / nginx.RequestsPerSecond:F2}");
        }

        var (gateway, bare) = (results[1].Result, results[3].Result);
        Console.WriteLine($"  [{label}] CPU per request relative to nginx's: gateway {gateway.ProxyCpuMicroseconds / nginx.ProxyCpuMicroseconds:F2}, bare YARP {bare.ProxyCpuMicroseconds / nginx.ProxyCpuMicroseconds:F2}; the service behind each (direct = 1): gateway {gateway.ServiceCpuMicroseconds / direct.ServiceCpuMicroseconds:F2}, nginx {nginx.ServiceCpuMicroseconds / direct.ServiceCpuMicroseconds:F2}, bare YARP {bare.ServiceCpuMicroseconds / direct.ServiceCpuMicroseconds:F2}");
    }

    /// <summary>
    /// The paced windows compared round by round: in one round the routes run minutes apart at most,
    /// so a proxy's p99 against nginx's in the same round (the direct route's p99, subtracted from
    /// both, cancels) is read without the drift between rounds that the medians above carry.
    /// </summary>
    private static void PrintPairedRounds(List<(string Route, List<WrkResult> Rounds)> measured)
    {
        var byRoute = measured.ToDictionary(m => m.Route, m => m.Rounds);
        Console.WriteLine("  p99 of each round (ms): " + string.Join("; ", measured.Select(m => $"{m.Route} {string.Join(" / ", m.Rounds.Select(r => r.P99Ms.ToString("F2", CultureInfo.InvariantCulture)))}")));
        foreach (var name in new[] { "YARP gateway", "bare YARP" })
        {
            var rounds = byRoute[name].Zip(byRoute["nginx"], (proxy, nginx) => (P99: proxy.P99Ms - nginx.P99Ms, P50: proxy.P50Ms - nginx.P50Ms)).ToList();
            var p99 = rounds.Select(r => r.P99).Order().ToList();
            var p50 = rounds.Select(r => r.P50).Order().ToList();
            Console.WriteLine($"  [paired rounds] {name} against nginx in the same round: p99 at or below nginx's in {p99.Count(d => d <= 0)} of {p99.Count} rounds, " +
                $"difference median {MedianOf(p99):+0.000;-0.000} ms (from {p99[0]:+0.000;-0.000} to {p99[^1]:+0.000;-0.000}); " +
                $"p50 at or below in {p50.Count(d => d <= 0)} of {p50.Count}, difference median {MedianOf(p50):+0.000;-0.000} ms");
        }
    }

    private static double MedianOf(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;

    /// <summary>
    /// What a proxy added over what nginx added, or why there is no ratio: paced, nginx's added median is
    /// a tenth of a millisecond, inside the direct route's spread between rounds, and came out at or
    /// below zero in one run (2026-12-04 22:14), where a ratio would be meaningless.
    /// </summary>
    private static string AddedRatio(double proxyMs, double nginxMs, double directMs) =>
        nginxMs - directMs < 0.005
            ? $"— (nginx added {nginxMs - directMs:+0.000;-0.000} ms, within the direct route's spread)"
            : ((proxyMs - directMs) / (nginxMs - directMs)).ToString("F2", CultureInfo.InvariantCulture);

    /// <summary>One wrk window; the CPU figures are filled in by the caller, which knows the processes.</summary>
    public sealed record WrkResult(double RequestsPerSecond, double P50Ms, double P99Ms, long Requests, double ProxyCpuMicroseconds = double.NaN, double ServiceCpuMicroseconds = double.NaN);

    private static async Task<WrkResult> WrkAsync(string url, string token, int seconds, int connections)
    {
        var output = await ExternalTool.RunAsync("wrk", $"-t{Math.Min(2, connections)} -c{connections} -d{seconds}s --latency -H \"Authorization: Bearer {token}\" {url}");
        var rps = double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var requests = long.Parse(RequestsCompleted().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        return new WrkResult(rps, Milliseconds(output, "50%"), Milliseconds(output, "99%"), requests);
    }

    private static double Median(List<WrkResult> rounds, Func<WrkResult, double> value) =>
        MedianOf(rounds.Select(value).Order().ToList());

    private static double Milliseconds(string wrkOutput, string percentile)
    {
        var match = Regex.Match(wrkOutput, $@"^\s*{Regex.Escape(percentile)}\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"(\d+) requests in ")]
    private static partial Regex RequestsCompleted();
}

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
/// pipeline adds on top; and a second bare YARP with inline socket completions ("bare YARP inl").
/// </summary>
public static partial class GatewayCost
{
    private const int NginxPort = 5290;
    private const int BareYarpPort = 5291;
    private const int InlineBareYarpPort = 5292;
    private const int WarmupSeconds = 30;

    public static async Task RunAsync(Guid projectId, int seconds)
    {
        var screeningPort = HostProcesses.Services.Single(s => s.Name == "screening").Port;
        var path = $"/api/screening/projects/{projectId}/automation";
        var token = TestTokens.Valid("lead");
        var nginx = await StartNginxAsync(screeningPort);
        using var bareYarp = await StartBareYarpAsync(BareYarpPort, screeningPort, inlineCompletions: false);
        using var inlineBareYarp = await StartBareYarpAsync(InlineBareYarpPort, screeningPort, inlineCompletions: true);
        try
        {
            var routes = new[] { ("direct", screeningPort), ("YARP gateway", HostProcesses.GatewayPort), ("nginx", NginxPort), ("bare YARP", BareYarpPort), ("bare YARP inl", InlineBareYarpPort) };
            // Two loads: 50 connections saturate the 2 cores (wrk, the proxy and the service share
            // them), so p50 there mostly measures each proxy's CPU per request; one connection
            // measures what a hop adds to a request's latency when nothing queues.
            foreach (var connections in new[] { 50, 1 })
            {
                var results = new List<(string Route, WrkResult Result)>();
                foreach (var (route, port) in routes)
                {
                    var url = $"http://127.0.0.1:{port}{path}";
                    // Warm-up run, not counted: 30 s for every route on the first (50-connection) pass.
                    // A .NET host JIT-compiles the code of a new request path (tiered, dynamic PGO) for
                    // tens of seconds on these 2 cores: a perf profile of the gateway with a 3 s warm-up
                    // (19:01) showed 41 % of its CPU in the JIT, which made it look 5× nginx's cost.
                    await WrkAsync(url, token, connections == 50 ? WarmupSeconds : 3, connections);
                    results.Add((route, await WrkAsync(url, token, seconds, connections)));
                }

                Print(path.Replace(projectId.ToString(), "{id}", StringComparison.Ordinal), seconds, connections, results);
            }
        }
        finally
        {
            bareYarp.Kill();
            inlineBareYarp.Kill();
            await RunAsync("nginx", $"-p {nginx} -c {nginx}/nginx.conf -s stop");
        }
    }

    private static void Print(string path, int seconds, int connections, List<(string Route, WrkResult Result)> results)
    {
        Console.WriteLine($"## Gateway cost: GET {path}, wrk -t{Math.Min(2, connections)} -c{connections} -d{seconds}s after a {(connections == 50 ? WarmupSeconds : 3)} s warm-up per route, one run");
        Console.WriteLine("route           requests/s    p50 ms    p99 ms");
        foreach (var (route, result) in results) Console.WriteLine($"  {route,-14} {result.RequestsPerSecond,10:N0} {result.P50Ms,9:F3} {result.P99Ms,9:F3}");
        var direct = results[0].Result;
        foreach (var (route, result) in results.Skip(1))
            Console.WriteLine($"  {route}: throughput {result.RequestsPerSecond / direct.RequestsPerSecond:P0} of direct, p50 {result.P50Ms - direct.P50Ms:+0.000;-0.000} ms, p99 {result.P99Ms - direct.P99Ms:+0.000;-0.000} ms");
        var yarp = results[1].Result;
        var proxy = results[2].Result;
        Console.WriteLine($"  [{connections} connection(s)] gateway p50 added / nginx p50 added: {(yarp.P50Ms - direct.P50Ms) / Math.Max(0.001, proxy.P50Ms - direct.P50Ms):F2}; gateway throughput / nginx throughput: {yarp.RequestsPerSecond / proxy.RequestsPerSecond:F2}");
        foreach (var (route, result) in results.Skip(3))
            Console.WriteLine($"  [{connections} connection(s)] {route} p50 added / nginx p50 added: {(result.P50Ms - direct.P50Ms) / Math.Max(0.001, proxy.P50Ms - direct.P50Ms):F2}; {route} throughput / nginx throughput: {result.RequestsPerSecond / proxy.RequestsPerSecond:F2}");
    }

    private static async Task<string> StartNginxAsync(int upstreamPort)
    {
        var prefix = Directory.CreateTempSubdirectory("evsys-nginx-").FullName;
        await File.WriteAllTextAsync(Path.Combine(prefix, "nginx.conf"), $$"""
            worker_processes 1;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/error.log warn;
            events { worker_connections 1024; }
            http {
              access_log off;
              client_body_temp_path {{prefix}}/body;
              proxy_temp_path {{prefix}}/proxy;
              upstream screening { server 127.0.0.1:{{upstreamPort}}; keepalive 64; }
              server {
                listen 127.0.0.1:{{NginxPort}};
                location / {
                  proxy_pass http://screening;
                  proxy_http_version 1.1;
                  proxy_set_header Connection "";
                  proxy_set_header Host $host;
                }
              }
            }
            """);
        await RunAsync("nginx", $"-p {prefix} -c {prefix}/nginx.conf");
        return prefix;
    }

    /// <summary>
    /// A bare YARP (<see cref="BareYarpCommand"/>) in its own process; with
    /// <paramref name="inlineCompletions"/>, socket completions run on the thread that polls the
    /// sockets instead of being handed to the thread pool (DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS,
    /// which Kestrel's socket transport also follows): two thread hand-offs fewer per request.
    /// </summary>
    private static async Task<Process> StartBareYarpAsync(int port, int upstreamPort, bool inlineCompletions)
    {
        var start = new ProcessStartInfo("dotnet", $"{typeof(BareYarpCommand).Assembly.Location} bare-yarp --port {port} --upstream {upstreamPort}") { UseShellExecute = false };
        if (inlineCompletions) start.Environment["DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS"] = "1";
        var process = Process.Start(start)!;
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                // Any answer (the upstream's 401 included) means the proxy listens.
                await probe.GetAsync($"http://127.0.0.1:{port}/health/live");
                return process;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(200);
            }
        }

        process.Kill();
        throw new InvalidOperationException($"bare YARP did not listen on {port}");
    }

    public sealed record WrkResult(double RequestsPerSecond, double P50Ms, double P99Ms);

    private static async Task<WrkResult> WrkAsync(string url, string token, int seconds, int connections)
    {
        var output = await RunAsync("wrk", $"-t{Math.Min(2, connections)} -c{connections} -d{seconds}s --latency -H \"Authorization: Bearer {token}\" {url}");
        var rps = double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        return new WrkResult(rps, Milliseconds(output, "50%"), Milliseconds(output, "99%"));
    }

    private static double Milliseconds(string wrkOutput, string percentile)
    {
        var match = Regex.Match(wrkOutput, $@"^\s*{Regex.Escape(percentile)}\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => value / 1000, "s" => value * 1000, _ => value };
    }

    private static async Task<string> RunAsync(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {arguments} exited {process.ExitCode}: {await error}");
        return await output;
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();
}

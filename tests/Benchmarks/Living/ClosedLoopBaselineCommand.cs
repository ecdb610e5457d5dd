using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Security;
using EvSysReview.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace EvSysReview.Benchmarks.Living;

/// <summary>
/// `closed-loop-baseline [--clients 50] [--seconds 30] [--work-us 1000] [--yields 4] [--alloc-kb 0] [--retain-mib 0] [--mutate] [--client-per-loop] [--auth] [--telemetry]`:
/// the shape of living-load's closed loop with none of our code in it. A server process (this
/// program again, `serve`, on the slim ASP.NET Core host with server GC as the service hosts run)
/// answers a small JSON POST after burning a fixed amount of CPU in <c>yields + 1</c> slices, each
/// slice after an <c>await Task.Yield()</c> (so a request waits in the thread pool's queues as often
/// as a decision does between its awaits), optionally allocating short-lived garbage and holding a
/// long-lived heap (`--mutate`: each request replaces one object in it); 50 clients in this process
/// (`--client-per-loop`: each with its own HttpClient) send the next request the moment one is answered.
/// Two of the services' own parts can be added to the stand-in: their token validation and the
/// fallback policy that requires a signed-in user (`--auth`; the clients send a test token), and
/// their OpenTelemetry set-up (`--telemetry`).
/// It prints throughput, the latency percentiles and the CPU per request of both processes, to say
/// whether a tail of about four times the median under saturation comes from our services or from
/// the platform on two cores.
/// </summary>
public sealed class ClosedLoopBaselineCommand : ISideBySideCommand
{
    private const int Port = 5298;

    [ThreadStatic]
    private static byte[]? _sink;

    public string Name => "closed-loop-baseline";

    public int Run(string[] args)
    {
        var workMicroseconds = BusCeilingCommand.Option(args, "--work-us", 1000);
        var yields = BusCeilingCommand.Option(args, "--yields", 4);
        var allocKb = BusCeilingCommand.Option(args, "--alloc-kb", 0);
        var retainMib = BusCeilingCommand.Option(args, "--retain-mib", 0);
        if (args.Length > 0 && args[0] == "serve") return Serve(workMicroseconds, yields, allocKb, retainMib, args);
        return DriveAsync(args, BusCeilingCommand.Option(args, "--clients", 50), BusCeilingCommand.Option(args, "--seconds", 30)).GetAwaiter().GetResult();
    }

    private static int Serve(int workMicroseconds, int yields, int allocKb, int retainMib, string[] args)
    {
        var mutate = args.Contains("--mutate");
        var iterationsPerMicrosecond = Calibrate();
        // A long-lived heap of small linked objects, as the services' in-memory mirrors are.
        var retained = new List<object?[]>();
        for (var i = 0; i < retainMib * 1024 * 1024 / 256; i++) retained.Add([new byte[128], i > 0 ? retained[i - 1] : null, i.ToString()]);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        var auth = args.Contains("--auth");
        if (auth)
        {
            builder.Configuration.AddInMemoryCollection(TestTokens.HostSettings());
            builder.AddTokenValidation();
        }

        if (args.Contains("--telemetry")) builder.AddTelemetry();
        var app = builder.Build();
        if (auth)
        {
            app.UseAuthentication();
            app.UseAuthorization();
        }

        var slice = (long)(iterationsPerMicrosecond * workMicroseconds / (yields + 1));
        app.MapPost("/work", async (WorkRequest request) =>
        {
            var state = (ulong)request.Seed;
            var garbage = 0;
            for (var i = 0; i <= yields; i++)
            {
                if (i > 0) await Task.Yield();
                state = Burn(state, slice);
                // Through a static field: an array that never escapes may live on the stack (.NET 10), and then
                // it is not the garbage this option is for.
                for (var k = 0; k < allocKb / (yields + 1); k++) garbage += (_sink = new byte[1024]).Length;
            }

            // --mutate: each request replaces one entry of the long-lived heap with a new object, as
            // the services' mirrors replace an item's document on every decision (old → young references).
            if (mutate && retained.Count > 0) retained[(int)(state % (ulong)retained.Count)][0] = new byte[128];
            return Results.Ok(new { state, garbage, retained = retained.Count });
        });
        Console.WriteLine($"serving: {iterationsPerMicrosecond:F0} iterations per µs");
        app.Run();
        return 0;
    }

    private sealed record WorkRequest(long Seed);

    private static ulong Burn(ulong state, long iterations)
    {
        for (var i = 0L; i < iterations; i++) state = state * 6364136223846793005UL + 1442695040888963407UL;
        return state;
    }

    private static double Calibrate()
    {
        var clock = Stopwatch.StartNew();
        Burn(1, 50_000_000); // the JIT's final tier
        clock.Restart();
        Burn(1, 200_000_000);
        return 200_000_000 / (clock.Elapsed.TotalMilliseconds * 1000);
    }

    private static async Task<int> DriveAsync(string[] args, int clients, int seconds)
    {
        var dll = typeof(ClosedLoopBaselineCommand).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", $"\"{dll}\" closed-loop-baseline serve {string.Join(' ', args)}") { UseShellExecute = false, RedirectStandardOutput = true };
        start.Environment["DOTNET_gcServer"] = "1";
        // --client-per-loop: one HttpClient (and connection) per simulated reviewer, as living-load has.
        var loopClients = Enumerable.Range(0, args.Contains("--client-per-loop") ? clients : 1)
            .Select(_ => new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients }) { BaseAddress = new Uri($"http://127.0.0.1:{Port}/") }).ToList();
        if (args.Contains("--auth")) foreach (var client in loopClients) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Valid("lead"));
        using var server = Process.Start(start)!;
        try
        {
            Console.WriteLine(await server.StandardOutput.ReadLineAsync());
            var client = loopClients[0];
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    (await client.PostAsJsonAsync("work", new WorkRequest(1))).EnsureSuccessStatusCode();
                    break;
                }
                catch (HttpRequestException) when (attempt < 100)
                {
                    await Task.Delay(100);
                }
            }

            var latencies = new List<double>();
            var clock = Stopwatch.StartNew();
            async Task LoopAsync(int loop, TimeSpan until, bool measured)
            {
                var client = loopClients[loop % loopClients.Count];
                var mine = new List<double>();
                while (clock.Elapsed < until)
                {
                    var started = clock.Elapsed;
                    using var response = await client.PostAsJsonAsync("work", new WorkRequest(started.Ticks));
                    response.EnsureSuccessStatusCode();
                    mine.Add((clock.Elapsed - started).TotalMilliseconds);
                }

                if (measured) lock (latencies) latencies.AddRange(mine);
            }

            await Task.WhenAll(Enumerable.Range(0, clients).Select(loop => LoopAsync(loop, TimeSpan.FromSeconds(10), measured: false)));
            var cpuServer = HostProcesses.ProcessCpuSeconds(server.Id);
            var cpuClient = HostProcesses.ProcessCpuSeconds(Environment.ProcessId);
            var runStart = clock.Elapsed;
            await Task.WhenAll(Enumerable.Range(0, clients).Select(loop => LoopAsync(loop, runStart + TimeSpan.FromSeconds(seconds), measured: true)));
            var elapsed = (clock.Elapsed - runStart).TotalSeconds;
            cpuServer = HostProcesses.ProcessCpuSeconds(server.Id) - cpuServer;
            cpuClient = HostProcesses.ProcessCpuSeconds(Environment.ProcessId) - cpuClient;
            var sorted = latencies.Order().ToList();
            Console.WriteLine($"{clients} clients, {seconds} s, {string.Join(' ', args)}: {sorted.Count / elapsed:N0} requests/s, "
                + $"p50 {LivingLoadCommand.Percentile(sorted, 0.50):F1} ms, p90 {LivingLoadCommand.Percentile(sorted, 0.90):F1} ms, p99 {LivingLoadCommand.Percentile(sorted, 0.99):F1} ms, max {sorted[^1]:F0} ms, "
                + $"p99/p50 {LivingLoadCommand.Percentile(sorted, 0.99) / LivingLoadCommand.Percentile(sorted, 0.50):F2}; "
                + $"CPU per request: server {cpuServer * 1000 / sorted.Count:F3} ms, client {cpuClient * 1000 / sorted.Count:F3} ms; load average {LivingLoadCommand.LoadAverage()}");
            return 0;
        }
        finally
        {
            foreach (var loopClient in loopClients) loopClient.Dispose();
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EvSysReview.Contracts.Ingestion;
using EvSysReview.Contracts.Reviews;
using EvSysReview.Screening;
using EvSysReview.Standalone;
using EvSysReview.TestSupport;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace EvSysReview.Benchmarks.Screening;

/// <summary>
/// `screening-next-latency [--items N] [--clients N] [--pace-ms N]`: starts the standalone host
/// (in-memory bus, SQLite in a temp folder), imports N citations, and lets N reviewers (default 10)
/// screen concurrently (next, then a decision) until the queue is empty; prints p50/p99 of `next`
/// and of the decision beside the issue's target ("next p99 under 20 ms with 10 concurrent
/// reviewers"). By default they never pause (a stress test: the two cores stay saturated, so the
/// tail is mostly waiting for a core); with --pace-ms each reviewer reads for that long before
/// deciding, as people do (a fast screener takes several seconds per abstract).
/// </summary>
public sealed class NextLatencyCommand : ISideBySideCommand
{
    public string Name => "screening-next-latency";

    public int Run(string[] args)
    {
        var items = 1000;
        var clients = 10;
        var paceMs = 0;
        var warmupSeconds = 45;
        var overrides = new Dictionary<string, string?>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--items": items = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--clients": clients = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--warmup-seconds": warmupSeconds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--pace-ms": paceMs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--setting": var pair = args[++i].Split('=', 2); overrides[pair[0]] = pair[1]; break; // e.g. Screening:Ranking:MinInterval=00:01:00
            }
        }

        return RunAsync(items, clients, paceMs, warmupSeconds, overrides).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(int itemCount, int clientCount, int paceMs, int warmupSeconds, Dictionary<string, string?> overrides)
    {
        var settings = TestTokens.HostSettings();
        settings["Storage:DataDirectory"] = Directory.CreateTempSubdirectory("evsys-next-latency-").FullName;
        settings["Outbox:PollInterval"] = "00:00:00.200";
        settings["Logging:LogLevel:Default"] = "Warning";
        foreach (var (key, value) in overrides) settings[key] = value;
        await using var host = await RunningHost.StartAsync((a, configure) => StandaloneHost.Create(a, configure), settings);
        var lead = host.Client(TestTokens.Valid("lead"));
        var created = await lead.PostAsJsonAsync("/api/reviews/projects", new { title = "next latency" });
        var projectId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var reviewers = Enumerable.Range(0, clientCount).Select(i => $"reviewer{i}").ToList();
        foreach (var reviewer in reviewers)
            (await lead.PostAsJsonAsync($"/api/reviews/projects/{projectId}/members", new { username = reviewer, role = "reviewer" })).EnsureSuccessStatusCode();

        var bus = host.Services.GetRequiredService<IBus>();
        await bus.Publish(new ProtocolPublished
        {
            ProjectId = projectId,
            Version = 1000,
            Protocol = """{"exclusionReasons":["in vitro only"],"highlightTerms":{"include":["exosome*","mice"],"exclude":["review"]},"screening":{"reviewersPerRecord":2,"blinded":true,"fullTextStage":true}}""",
        });
        for (var i = 0; i < itemCount; i++)
        {
            var relevant = i % 5 == 0;
            await bus.Publish(new CitationImported
            {
                ProjectId = projectId, RecordId = Guid.NewGuid(), ImportId = Guid.Empty, Source = "benchmark",
                Citation = new CitationData
                {
                    Title = relevant ? $"MSC exosomes improve memory in mice {i}" : $"A review of tumour cell lines {i}",
                    Abstract = relevant ? "Extracellular vesicles from mesenchymal stem cells were given intranasally to APP/PS1 mice." : "We review in vitro work on cancer cell lines.",
                },
            });
        }

        var repository = host.Services.CreateScope().ServiceProvider.GetRequiredService<ScreeningRepository>();
        var watch = Stopwatch.StartNew();
        while ((await repository.ItemsAsync(projectId, default)).Count < itemCount || (await repository.SettingsAsync(projectId, default)).ProtocolVersion != 1000)
        {
            if (watch.Elapsed > TimeSpan.FromMinutes(5)) throw new TimeoutException("The items did not arrive.");
            await Task.Delay(200);
        }

        var nextTimes = new List<double>();
        var coldNextTimes = new List<double>();
        var decisionTimes = new List<double>();
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(reviewers.Select(async (reviewer, index) =>
        {
            var client = host.Client(TestTokens.Valid(reviewer));
            var random = new Random(index);
            var myNext = new List<double>();
            var myColdNext = new List<double>();
            var myDecisions = new List<double>();
            while (true)
            {
                // The first seconds are not counted: the host JIT-compiles (tiered, with dynamic PGO)
                // while it warms up, which a screening service running for days does not.
                var counted = wall.Elapsed.TotalSeconds >= warmupSeconds;
                var timer = Stopwatch.StartNew();
                var next = await client.GetAsync($"/api/screening/projects/{projectId}/next?stage=title-abstract");
                if (counted) myNext.Add(timer.Elapsed.TotalMilliseconds);
                else myColdNext.Add(timer.Elapsed.TotalMilliseconds);
                if (next.StatusCode == HttpStatusCode.NoContent) break;
                var itemId = (await next.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("itemId").GetGuid();
                if (paceMs > 0) await Task.Delay(paceMs);
                timer.Restart();
                var decided = await client.PostAsJsonAsync($"/api/screening/projects/{projectId}/items/{itemId}/decisions", new { decision = random.NextDouble() < 0.2 ? "include" : "exclude" });
                if (counted) myDecisions.Add(timer.Elapsed.TotalMilliseconds);
                if (!decided.IsSuccessStatusCode) Console.Error.WriteLine($"{reviewer}: decision answered {(int)decided.StatusCode}");
            }

            lock (nextTimes)
            {
                nextTimes.AddRange(myNext);
                coldNextTimes.AddRange(myColdNext);
                decisionTimes.AddRange(myDecisions);
            }
        }));

        Console.WriteLine($"items {itemCount}, reviewers {clientCount}, {(paceMs > 0 ? $"reading {paceMs} ms per record" : "no pause between records")}, decisions {decisionTimes.Count} counted after a {warmupSeconds} s warm-up, {wall.Elapsed.TotalSeconds:F1} s in all; {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC (the standalone host runs server GC: DOTNET_gcServer=1)");
        Console.WriteLine($"next      p50 {Percentile(nextTimes, 0.50),8:F2} ms   p99 {Percentile(nextTimes, 0.99),8:F2} ms   (target p99 < 20 ms)");
        Console.WriteLine($"(warm-up) next p50 {Percentile(coldNextTimes, 0.50),8:F2} ms   p99 {Percentile(coldNextTimes, 0.99),8:F2} ms   over {coldNextTimes.Count} requests while the host JIT-compiles");
        Console.WriteLine($"decision  p50 {Percentile(decisionTimes, 0.50),8:F2} ms   p99 {Percentile(decisionTimes, 0.99),8:F2} ms");
        return 0;
    }

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }
}

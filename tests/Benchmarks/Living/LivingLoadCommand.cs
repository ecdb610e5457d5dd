using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EvSysReview.Contracts.Ingestion;
using EvSysReview.Screening.Core.Decisions;
using EvSysReview.Screening.Items;
using EvSysReview.ServiceDefaults.Diagnostics;
using EvSysReview.TestSupport;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EvSysReview.Benchmarks.Living;

/// <summary>
/// `living-load [--reviewers 50] [--seconds 60] [--items 40000] [--warmup-seconds 45] [--settle-seconds 0] [--rate 0]
/// [--wrk-seconds 15] [--partner-lag 0] [--no-gateway-cost] [--timeline] [--thread-cpu] [--server-timing] [--no-idempotency-key] [--full-answer] [--chunked-body] [--short-abstracts] [--standalone [--behind-gateway]] [--decisions-direct | --decisions-via-nginx | --decisions-via-bare-yarp] [--no-screening-events] [--timer-pacing] [--pooled-client-io] [--httpclient]`: the distributed system as
/// processes (HostProcesses) over RABBITMQ_URI (`--standalone`: the standalone shape's one process
/// instead, over the same broker, to see what the seven processes and the gateway's hop cost; no
/// gateway-cost comparison then; `--standalone --behind-gateway`: that one process with the gateway in
/// front of it, so the decisions still go through the gateway, and only the six service processes are
/// one; `--decisions-direct`: the seven processes as shipped, but the decisions sent straight to the
/// screening host's port, everything else through the gateway, so the gateway's hop can be read off;
/// `--decisions-via-nginx`: the same, but the decisions through Debian's nginx in front of the screening
/// host (NginxProxy), so a plain proxy's hop under this load stands beside the gateway's;
/// `--decisions-via-bare-yarp`: through a YARP that only forwards (BareYarpProxy), so YARP's own hop
/// stands apart from the gateway's token check, rate limiter and telemetry). Seeds a project with N citations (CitationImported
/// published on the broker, as ingestion does), waits until screening has ranked them all (the
/// TF-IDF space of the import prepared), then lets the reviewers, in pairs, post
/// title/abstract decisions through the gateway for the given time, each with its own
/// Idempotency-Key and `Prefer: return=minimal` as the screening page sends them (`--no-idempotency-key`
/// and `--full-answer` leave them off, to see what each costs or saves). The decision's JSON body goes
/// with a Content-Length, as a browser's fetch sends a string body (`--chunked-body`: chunked, as
/// System.Net.Http.Json's JsonContent sends it and every figure before 2026-12-03 15:09 UTC was measured
/// with; the gateway and the screening host then parse the chunked framing, and YARP forwards it chunked). Each citation has an abstract
/// of 1,246 characters, about the median of the PubMed records in shared/testdata (`--short-abstracts`:
/// the 110 characters every figure before 2026-12-01 11:00 UTC was measured with); prints throughput, p50/p99,
/// the time from the last decision until the synthesis service's PRISMA counts reflect every final
/// decision, and each host's resident memory idle and at peak under load. Then the gateway's cost:
/// the same GET direct, through YARP and through nginx, with wrk (GatewayCost). Prints figures; it
/// is not a test. `LIVING_LOAD_HOST_LOGS=<dir>` keeps each host's output, with the services'
/// Information lines (feature-space fits among them), in <dir>/<host>.log. `--server-timing` turns
/// the hosts' Server-Timing header on and prints where the typical and the slowest decisions spent
/// their time inside the host (ServerTimingSummary). `--partner-lag N` starts the second reviewer of
/// each pair N decisions behind the first, as two people screening the same records at their own
/// pace are, instead of on the same item at the same moment (the default, kept for comparison
/// with every earlier figure: the harshest case for the item's gate). `--no-screening-events` keeps
/// the screening host's events in its outbox (never published), so the run shows what the decision path
/// costs without the broker, synthesis and the dispatcher: the bound on what any change to how final
/// decisions travel could gain (no catch-up then; not with `--standalone`, whose one outbox setting
/// would silence the project's set-up too). `--thread-cpu` (with `--timeline`) reads every thread's CPU
/// time of the hosts, the broker and the client once a second and prints, for each second whose p99
/// passed 50 ms, which threads spent more than in their mean second (ThreadCpuSampler); every second's
/// figures go to <dir>/thread-cpu.tsv when LIVING_LOAD_HOST_LOGS is set. `--settle-seconds N` leaves
/// the seeded, ranked hosts idle for N s before the warm-up (only the gateway's health checks and the
/// outbox polls running), so the measured minute meets hosts older than the 2½–3 minutes a run's
/// set-up takes: the runtime moves their background paths up its tiers for about six minutes.
/// </summary>
public sealed class LivingLoadCommand : ISideBySideCommand
{
    public string Name => "living-load";

    /// <summary>A second of the timeline whose p99 passes this is looked into by --thread-cpu: the target's p99.</summary>
    private const double SlowSecondMs = 50;

    public int Run(string[] args) => RouteOf(args) is { } route ? RunAsync(
        BusCeilingCommand.Option(args, "--reviewers", 50),
        BusCeilingCommand.Option(args, "--seconds", 60),
        BusCeilingCommand.Option(args, "--items", 40000),
        BusCeilingCommand.Option(args, "--wrk-seconds", 15),
        BusCeilingCommand.Option(args, "--warmup-seconds", 45),
        BusCeilingCommand.Option(args, "--settle-seconds", 0),
        BusCeilingCommand.Option(args, "--rate", 0),
        BusCeilingCommand.Option(args, "--partner-lag", 0),
        !args.Contains("--no-gateway-cost"),
        args.Contains("--timeline") || args.Contains("--thread-cpu"),
        args.Contains("--thread-cpu"),
        args.Contains("--server-timing"),
        args.Contains("--standalone") ? (args.Contains("--behind-gateway") ? HostShape.StandaloneBehindGateway : HostShape.Standalone) : HostShape.Distributed,
        !args.Contains("--no-screening-events"),
        new ClientShape(args.Contains("--timer-pacing"), args.Contains("--pooled-client-io"), args.Contains("--httpclient"), route),
        new DecisionShape(!args.Contains("--no-idempotency-key"), !args.Contains("--full-answer"), args.Contains("--short-abstracts"), args.Contains("--chunked-body"))).GetAwaiter().GetResult() : 2;

    /// <summary>
    /// How the load client itself runs. It shares the two cores with the hosts, so what it spends
    /// is taken from them: by default one pacer thread sends each paced decision (DecisionPacer) and
    /// the client's socket completions continue on the socket thread, as the gateway's do (InlineIo).
    /// `--timer-pacing` and `--pooled-client-io` go back to a Task.Delay per decision and the thread
    /// pool, as every figure before 2026-12-04 16:59 UTC was measured. Each reviewer's decisions go
    /// over a keep-alive connection of its own as prepared bytes (KeepAliveConnection), as wrk sends;
    /// `--httpclient` sends them with HttpClient, as every figure before 2026-12-04 22:00 UTC was measured
    /// (and `--chunked-body` does, whose framing only HttpClient writes here).
    /// </summary>
    private sealed record ClientShape(bool TimerPacing, bool PooledIo, bool HttpClientSends, DecisionRoute Decisions)
    {
        public override string ToString() =>
            $"load client: {(TimerPacing ? "a timer per paced decision" : "one pacer thread")}, {(PooledIo ? "socket completions on the thread pool" : "socket completions inline")}, {(HttpClientSends ? "HttpClient" : "a keep-alive connection per reviewer writing prepared bytes")}" +
            Decisions switch
            {
                DecisionRoute.Direct => ", the decisions straight to the screening host (not through the gateway)",
                DecisionRoute.Nginx => ", the decisions through nginx to the screening host (not through the gateway)",
                DecisionRoute.BareYarp => ", the decisions through a bare YARP to the screening host (not through the gateway)",
                _ => "",
            };
    }

    /// <summary>Which way the decisions go; everything else (set-up, statistics, PRISMA) goes through the gateway.</summary>
    private enum DecisionRoute
    {
        Gateway,
        Direct,
        Nginx,
        BareYarp,
    }

    private static readonly Dictionary<string, DecisionRoute> RouteFlags = new()
    {
        ["--decisions-direct"] = DecisionRoute.Direct,
        ["--decisions-via-nginx"] = DecisionRoute.Nginx,
        ["--decisions-via-bare-yarp"] = DecisionRoute.BareYarp,
    };

    /// <summary>The route one flag names (the gateway without one); null, said why, for two: the run's shape would be in doubt.</summary>
    private static DecisionRoute? RouteOf(string[] args)
    {
        var named = RouteFlags.Where(flag => args.Contains(flag.Key)).ToList();
        if (named.Count <= 1) return named.Count == 1 ? named[0].Value : DecisionRoute.Gateway;
        Console.Error.WriteLine($"One route for the decisions at most, not {string.Join(" and ", named.Select(flag => flag.Key))}.");
        return null;
    }

    /// <summary>The decisions' proxy's port when they go through one (GatewayCost's own listen on 5290 and 5291).</summary>
    private const int DecisionsProxyPort = 5292;

    /// <summary>What each decision request carries and what the seeded citations hold.</summary>
    private sealed record DecisionShape(bool IdempotencyKeys, bool MinimalAnswer, bool ShortAbstracts, bool ChunkedBody)
    {
        public override string ToString() =>
            $"{(IdempotencyKeys ? "an Idempotency-Key on each" : "no Idempotency-Key")}, {(MinimalAnswer ? "Prefer: return=minimal" : "the full answer")}" +
            $"{(IdempotencyKeys && MinimalAnswer && !ChunkedBody ? " (as the screening page sends)" : "")}, {(ChunkedBody ? "a chunked body" : "a body with its Content-Length")}, abstracts of {(ShortAbstracts ? ShortAbstract.Length : RealisticAbstract.Length):N0} characters";

        /// <summary>The decision's JSON: its length known (StringContent), unless the run asks for the chunked framing (JsonContent).</summary>
        public HttpContent Body(string decision) => ChunkedBody
            ? JsonContent.Create(new { decision })
            : new StringContent(BodyText(decision), Encoding.UTF8, "application/json");

        public string BodyText(string decision) => $$"""{"decision":"{{decision}}"}""";
    }

    private static async Task<int> RunAsync(int reviewerCount, int seconds, int itemCount, int wrkSeconds, int warmupSeconds, int settleSeconds, int rate, int partnerLag, bool gatewayCost, bool timeline, bool threadCpu, bool serverTiming, HostShape hostShape, bool screeningPublishes, ClientShape client, DecisionShape shape)
    {
        var standalone = hostShape != HostShape.Distributed;
        if (standalone && !screeningPublishes)
        {
            Console.Error.WriteLine("--no-screening-events needs the hosts as processes: the standalone host has one outbox setting for every module, and the project's set-up travels as events.");
            return 2;
        }

        if (client.Decisions != DecisionRoute.Gateway && (standalone || client.HttpClientSends || shape.ChunkedBody))
        {
            Console.Error.WriteLine("--decisions-direct, --decisions-via-nginx and --decisions-via-bare-yarp need the seven processes (not --standalone) and the keep-alive connections that write prepared bytes (not --httpclient or --chunked-body).");
            return 2;
        }

        var notInherited = client.PooledIo ? [] : HostProcesses.ClientSocketCompletionsInline();

        Console.WriteLine($"load average at start: {LoadAverage()}");
        Console.WriteLine($"machine speed before the hosts start: {await MachineSpeedProbe.DescribeWhenQuietAsync(TimeSpan.FromSeconds(30))}");
        // The hosts inherit this process's environment.
        if (serverTiming) Environment.SetEnvironmentVariable(ServerTimingExtensions.Setting.Replace(":", "__", StringComparison.Ordinal), "true");
        var timings = new ServerTimingSummary();
        await using var hosts = new HostProcesses(hostShape, screeningPublishes, notInherited);
        await hosts.StartAsync();
        var gateway = new HttpClient { BaseAddress = HostProcesses.Address(HostProcesses.GatewayPort), Timeout = TimeSpan.FromSeconds(60) };
        HttpClient As(string user) => new(new SocketsHttpHandler { MaxConnectionsPerServer = 4 }) { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(60), DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Valid(user)) } };

        var lead = As("lead");
        var created = await lead.PostAsJsonAsync("/api/reviews/projects", new { title = "living load" });
        created.EnsureSuccessStatusCode();
        var projectId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var reviewers = Enumerable.Range(1, reviewerCount).Select(i => $"reviewer{i:00}").ToList();
        foreach (var reviewer in reviewers)
            (await lead.PostAsJsonAsync($"/api/reviews/projects/{projectId}/members", new { username = reviewer, role = "reviewer" })).EnsureSuccessStatusCode();
        await WaitAsync(lead, $"/api/screening/projects/{projectId}/status", s => s.GetProperty("members").GetArrayLength() == reviewerCount + 1, "screening knows the team", 120);

        var records = await SeedAsync(hosts, projectId, itemCount, shape.ShortAbstracts ? ShortAbstract : RealisticAbstract);
        var seedClock = Stopwatch.StartNew();
        await WaitAsync(lead, $"/api/screening/projects/{projectId}/statistics", s => s.GetProperty("stages").GetProperty("title-abstract").GetProperty("items").GetInt32() == itemCount, $"screening holds the {itemCount} items", 600);
        Console.WriteLine($"seeded {itemCount} items in {seedClock.Elapsed.TotalSeconds:F0} s");
        // A team starts on records that are in and ranked: the first ranking fits the TF-IDF space of
        // the whole import (tens of seconds here), the import's work, which would otherwise land in
        // the warm-up or the measured run depending on when the ranking worker's delay ran out.
        var rankClock = Stopwatch.StartNew();
        await WaitAsync(lead, $"/api/screening/projects/{projectId}/statistics", s => s.GetProperty("stages").GetProperty("title-abstract").GetProperty("ranking") is { ValueKind: JsonValueKind.Object } r && r.GetProperty("items").GetInt32() == itemCount, $"screening ranked the {itemCount} items", 600);
        Console.WriteLine($"ranked all {itemCount} items (their TF-IDF space prepared) {rankClock.Elapsed.TotalSeconds:F0} s after the last one arrived");
        var statisticsTimes = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var started = Stopwatch.GetTimestamp();
            (await lead.GetAsync($"/api/screening/projects/{projectId}/statistics")).EnsureSuccessStatusCode();
            statisticsTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        Console.WriteLine($"the statistics page's request over {itemCount} items, idle: {string.Join(", ", statisticsTimes.Select(t => $"{t:F0}"))} ms");
        await Task.Delay(TimeSpan.FromSeconds(5));
        var idle = hosts.ResidentMiB();
        if (settleSeconds > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds(settleSeconds));
            Console.WriteLine($"settled: the hosts idle for {settleSeconds} s before the warm-up");
        }

        // Pairs of reviewers walk the same slice of items in the same order, so every item they
        // both reach gets its second decision (and becomes final) during the run.
        var pairs = reviewerCount / 2;
        var slices = records.Select((record, index) => (record, index)).GroupBy(x => x.index % pairs, x => ItemDocument.ItemIdFor(x.record, ScreeningStage.TitleAbstract)).ToDictionary(g => g.Key, g => g.ToList());
        var latencies = new ConcurrentBag<double>();
        // The item's second decision (the one that makes it final) apart, to see what waiting for
        // the partner's decision on the same item adds.
        var secondLatencies = new ConcurrentBag<double>();
        // Paced, also each request from the moment it left the client (wrk's definition, and what a
        // reviewer waits after a click), beside the latency from when it was due printed first.
        var fromSend = new ConcurrentBag<double>();
        // --timeline: each decision by the second of the run it ended in, to see whether the slow
        // ones come in bursts (a rerank, a checkpoint, a collection) or evenly.
        var byEndSecond = new ConcurrentBag<(int Second, double Milliseconds)>();
        var runStart = TimeSpan.Zero;
        var refused = new ConcurrentDictionary<HttpStatusCode, int>();
        var decided = new ConcurrentDictionary<Guid, int>();
        var peak = idle.ToDictionary(p => p.Key, p => p.Value);
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                foreach (var (name, mib) in hosts.ResidentMiB()) lock (peak) peak[name] = Math.Max(peak[name], mib);
                await Task.Delay(500);
            }
        });

        // Each reviewer walks its slice once, through the warm-up and then the measured run.
        var walks = reviewers.Select((_, r) => ((IEnumerable<Guid>)slices[r % pairs]).GetEnumerator()).ToList(); // boxed: List<T>.Enumerator is a struct
        var walked = new int[reviewerCount];
        var clients = reviewers.Select(As).ToList();
        // The decisions' own connections (KeepAliveConnection), unless HttpClient sends them.
        var reviewerTokens = reviewers.Select(TestTokens.Valid).ToList();
        var screeningPort = HostProcesses.Services.Single(s => s.Name == "screening").Port;
        await using var nginx = client.Decisions == DecisionRoute.Nginx ? await NginxProxy.StartAsync(DecisionsProxyPort, screeningPort) : null;
        await using var bareYarp = client.Decisions == DecisionRoute.BareYarp ? await BareYarpProxy.StartAsync(DecisionsProxyPort, screeningPort) : null;
        // The process that forwards the decisions when it is not one of the hosts: nginx's worker or the bare YARP.
        var (proxyName, proxyPid) = nginx is not null ? ("nginx (its worker)", nginx.WorkerPid()) : bareYarp is not null ? ("bare YARP", bareYarp.Pid) : ("", 0);
        var decisionsTo = client.Decisions switch
        {
            DecisionRoute.Direct => HostProcesses.Address(screeningPort),
            DecisionRoute.Nginx or DecisionRoute.BareYarp => HostProcesses.Address(DecisionsProxyPort),
            _ => gateway.BaseAddress!,
        };
        var connections = client.HttpClientSends || shape.ChunkedBody ? null : reviewers.Select(_ => new KeepAliveConnection(new IPEndPoint(IPAddress.Loopback, decisionsTo.Port))).ToList();
        HttpRequestMessage DecisionMessage(Guid item, string decision)
        {
            var message = new HttpRequestMessage(HttpMethod.Post, $"/api/screening/projects/{projectId}/items/{item}/decisions") { Content = shape.Body(decision) };
            if (shape.IdempotencyKeys) message.Headers.Add("Idempotency-Key", Guid.CreateVersion7().ToString());
            if (shape.MinimalAnswer) message.Headers.Add("Prefer", "return=minimal");
            return message;
        }

        // The same request as HttpClient writes it from DecisionMessage: the same headers, a body with its Content-Length.
        byte[] DecisionBytes(string token, Guid item, string decision)
        {
            var body = shape.BodyText(decision);
            return Encoding.UTF8.GetBytes(
                $"POST /api/screening/projects/{projectId}/items/{item}/decisions HTTP/1.1\r\nHost: {decisionsTo.Authority}\r\nAuthorization: Bearer {token}\r\n" +
                (shape.IdempotencyKeys ? $"Idempotency-Key: {Guid.CreateVersion7()}\r\n" : "") + (shape.MinimalAnswer ? "Prefer: return=minimal\r\n" : "") +
                $"Content-Type: application/json; charset=utf-8\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}");
        }

        static KeepAliveConnection.Answer Answer(HttpResponseMessage response) =>
            new(response.StatusCode, response.Headers.TryGetValues(ServerTimingMiddleware.Header, out var values) ? string.Join(", ", values) : null);
        var clock = Stopwatch.StartNew();
        var lastDecision = TimeSpan.Zero;
        // Paced (--rate): reviewer r is due to send its k-th decision at start + (k + r/n)·n/rate and
        // sends it then or, when behind, as soon as its previous one is answered; latency counts from
        // when it was due, so a system that falls behind shows it (no coordinated omission).
        // Unpaced (rate 0): every reviewer sends its next decision the moment one is answered.
        var interval = rate > 0 ? TimeSpan.FromSeconds((double)reviewerCount / rate) : TimeSpan.Zero;
        using var pacer = new DecisionPacer(clock);
        async Task WalkAsync(TimeSpan until) => await Task.WhenAll(reviewers.Select(async (_, r) =>
        {
            // --partner-lag: the pair's second reviewer sets off once the first is that far ahead (once, at the start of the warm-up).
            while (r >= pairs && Volatile.Read(ref walked[r - pairs]) < partnerLag && clock.Elapsed < until) await Task.Delay(5);
            var due = clock.Elapsed + interval * ((double)r / reviewerCount);
            var previousEnded = TimeSpan.Zero;
            while (clock.Elapsed < until && walks[r].MoveNext())
            {
                var item = walks[r].Current;
                Interlocked.Increment(ref walked[r]);
                // One clock reading: read twice, the wait could turn negative between the test and the
                // delay (Task.Delay throws on that; it did once, on a slow evening).
                var wait = due - clock.Elapsed;
                if (rate > 0 && wait > TimeSpan.Zero) await (client.TimerPacing ? Task.Delay(wait) : pacer.At(due));
                var started = rate > 0 ? due : clock.Elapsed;
                due += interval;
                var decision = item.GetHashCode() % 3 == 0 ? "include" : "exclude";
                using var request = connections is null ? DecisionMessage(item, decision) : null;
                var bytes = connections is null ? null : DecisionBytes(reviewerTokens[r], item, decision);
                // Paced, a decision can leave after it was due for two reasons, told apart for --server-timing:
                // the reviewer still waited for its previous answer (the system was slow), or the client's
                // own timer or threads ran late on the two cores it shares with the hosts.
                var sent = clock.Elapsed;
                var ready = rate > 0 && previousEnded > started ? previousEnded : started;
                var behindPrevious = (ready - started).TotalMilliseconds;
                var sendLate = rate > 0 ? Math.Max(0, (sent - ready).TotalMilliseconds) : 0;
                var response = connections is null ? Answer(await clients[r].SendAsync(request!)) : await connections[r].SendAsync(bytes);
                var ended = clock.Elapsed;
                previousEnded = ended;
                var second = false;
                if (response.Status is HttpStatusCode.OK or HttpStatusCode.NoContent)
                {
                    second = decided.AddOrUpdate(item, 1, (_, n) => n + 1) == 2;
                    lock (latencies) if (ended > lastDecision) lastDecision = ended;
                }
                else
                {
                    refused.AddOrUpdate(response.Status, 1, (_, n) => n + 1);
                }

                // Recorded in the warm-up too and cleared after it, so the client's own recording code
                // is compiled before the measured minute: until 2026-12-04 21:40 UTC it ran first in
                // second 0, and the client's JIT took a fifth of a core then (--thread-cpu).
                latencies.Add((ended - started).TotalMilliseconds);
                if (rate > 0) fromSend.Add((ended - sent).TotalMilliseconds);
                if (serverTiming) timings.Add((ended - started).TotalMilliseconds, response.ServerTiming, behindPrevious, sendLate);
                if (timeline) byEndSecond.Add(((int)(ended - runStart).TotalSeconds, (ended - started).TotalMilliseconds));
                if (second) secondLatencies.Add((ended - started).TotalMilliseconds);
            }
        }));

        // Long-running services are measured warm: the first seconds of a fresh process are spent
        // compiling (tiered JIT with dynamic PGO), which is not what a reviewer team meets on day two.
        if (warmupSeconds > 0)
        {
            await WalkAsync(TimeSpan.FromSeconds(warmupSeconds));
            Console.WriteLine($"warm-up: {decided.Values.Sum():N0} decisions in {warmupSeconds} s (not counted below)");
            latencies.Clear();
            secondLatencies.Clear();
            fromSend.Clear();
            byEndSecond.Clear();
            refused.Clear();
            timings.Clear();
        }

        var warmupDecisions = decided.Values.Sum();
        await using var synthesisQueues = screeningPublishes ? await QueueDrain.OpenAsync(hosts.RabbitUri, hosts.QueuePrefix + "synthesis-") : null;
        Console.WriteLine($"load average before the run: {LoadAverage()}");
        var cpuBefore = hosts.CpuSeconds();
        var proxyCpuBefore = HostProcesses.ProcessCpuSeconds(proxyPid);
        var writtenBefore = hosts.WrittenBytes();
        var switchesBefore = hosts.ThreadSwitches();
        runStart = clock.Elapsed;
        // The wall clock of second 0, to line the timeline up with counters taken of a host.
        if (timeline) Console.WriteLine($"timeline: second 0 starts at {DateTime.UtcNow:HH:mm:ss.fff} UTC");
        var machine = MachineSpeedSampler.Start(() => clock.Elapsed - runStart);
        var threads = threadCpu ? ThreadCpuSampler.Start(hosts.Pids(), () => clock.Elapsed - runStart) : null;
        await WalkAsync(runStart + TimeSpan.FromSeconds(seconds));
        var elapsed = clock.Elapsed - runStart;
        var loadDuring = LoadAverage();
        var cpuRun = hosts.CpuSeconds();
        var proxyCpuRun = HostProcesses.ProcessCpuSeconds(proxyPid);
        var writtenRun = hosts.WrittenBytes();
        var switchesRun = hosts.ThreadSwitches();

        // Caught up: synthesis' PRISMA counts every item both reviewers decided as screened. Timed
        // before the samplers are stopped: each sleeps between samples (0.5 s, 0.25 s), and waiting
        // for them first added up to 0.75 s to every catch-up printed before 2026-12-04 19:49.
        var final = decided.Count(d => d.Value == 2);
        // First the broker says synthesis' queues are empty (cheap to ask), then the PRISMA counts confirm it.
        (TimeSpan Drained, TimeSpan ReadSent, TimeSpan Reflected)? synthesisCatchUp = null;
        if (synthesisQueues is not null)
        {
            await synthesisQueues.WaitAsync(TimeSpan.FromMilliseconds(10), 600);
            var drained = clock.Elapsed - lastDecision;
            var readSent = await WaitAsync(lead, $"/api/synthesis/projects/{projectId}/prisma", p => p.GetProperty("screened").GetInt32() >= final, "synthesis counted every final decision", 600, pollMilliseconds: 50, clock);
            synthesisCatchUp = (drained, readSent - lastDecision, clock.Elapsed - lastDecision);
        }

        var cpuCaughtUp = hosts.CpuSeconds();
        var proxyCpuCaughtUp = HostProcesses.ProcessCpuSeconds(proxyPid);
        var machineSamples = machine.Stop();
        var threadSeconds = threads?.Stop();
        await sampling.CancelAsync();
        await sampler;

        var sorted = latencies.Order().ToList();
        var ok = decided.Values.Sum() - warmupDecisions;
        var measuredSeconds = (lastDecision - runStart).TotalSeconds;
        Console.WriteLine();
        Console.WriteLine($"## Screening decisions {hostShape switch { HostShape.Standalone => "to the standalone host (one process, no gateway)", HostShape.StandaloneBehindGateway => "through the gateway to the standalone host (every service in one process)", _ => client.Decisions == DecisionRoute.Gateway ? "through the gateway" : "to the seven processes, not through the gateway (their route below)" }}: {reviewerCount} reviewers, {elapsed.TotalSeconds:F1} s, {itemCount} items seeded, {(rate > 0 ? $"offered {rate}/s in all (each reviewer one decision every {interval.TotalMilliseconds:F0} ms; latency from when it was due)" : "no pause between decisions")}, {shape}; {client}");
        if (!screeningPublishes) Console.WriteLine("screening published nothing (--no-screening-events): its events stayed in its outbox; no broker, synthesis or dispatcher work behind a decision");
        var gaps = Enumerable.Range(0, pairs).Select(p => walked[p] - walked[p + pairs]).Order().ToList();
        if (pairs > 0) Console.WriteLine(partnerLag > 0
            ? $"pairs: the second reviewer set off {partnerLag} decisions behind the first; at the end {gaps[0]}–{gaps[^1]} behind (median {gaps[gaps.Count / 2]})"
            : "pairs: both reviewers of a pair on the same item at the same moment");
        Console.WriteLine($"decisions accepted: {ok:N0} ({ok / measuredSeconds:N0}/s); refused: {string.Join(", ", refused.Select(r => $"{(int)r.Key}×{r.Value}"))}{(refused.IsEmpty ? "none" : "")}; items final: {final:N0}");
        Console.WriteLine(sorted.Count == 0
            ? "latency: no decision was measured (every item was decided during the warm-up: seed more with --items)"
            : $"latency p50 {Percentile(sorted, 0.50):F1} ms, p99 {Percentile(sorted, 0.99):F1} ms, max {sorted[^1]:F0} ms");
        var sortedFromSend = fromSend.Order().ToList();
        if (sortedFromSend.Count > 0) Console.WriteLine($"  from when each left the client instead (wrk's definition; a reviewer's wait after a click): p50 {Percentile(sortedFromSend, 0.50):F1} ms, p99 {Percentile(sortedFromSend, 0.99):F1} ms, max {sortedFromSend[^1]:F0} ms");
        var seconds2 = secondLatencies.Order().ToList();
        if (seconds2.Count > 0) Console.WriteLine($"  of which an item's second decision ({seconds2.Count:N0}): p50 {Percentile(seconds2, 0.50):F1} ms, p99 {Percentile(seconds2, 0.99):F1} ms");
        var machineBySecond = machineSamples.GroupBy(s => (int)s.At.TotalSeconds).ToDictionary(g => g.Key, g => g.Select(s => s.Microseconds).Order().ToList());
        var slowSeconds = new List<int>();
        foreach (var second in byEndSecond.GroupBy(d => d.Second).OrderBy(g => g.Key))
        {
            var inSecond = second.Select(d => d.Milliseconds).Order().ToList();
            if (Percentile(inSecond, 0.99) > SlowSecondMs) slowSeconds.Add(second.Key);
            var burst = machineBySecond.TryGetValue(second.Key, out var bursts) ? $", machine burst {Percentile(bursts, 0.50),5:F0} µs" : "";
            Console.WriteLine($"  second {second.Key,3}: {inSecond.Count,6:N0} decisions, p50 {Percentile(inSecond, 0.50),6:F1} ms, p99 {Percentile(inSecond, 0.99),6:F1} ms, max {inSecond[^1],6:F0} ms{burst}");
        }

        if (threadSeconds is not null) ThreadCpuSampler.Print(threadSeconds, slowSeconds, SlowSecondMs);
        // Every second of it beside the hosts' logs, when they are kept.
        if (threadSeconds is not null && Environment.GetEnvironmentVariable("LIVING_LOAD_HOST_LOGS") is { } logs) ThreadCpuSampler.Write(threadSeconds, Path.Combine(logs, "thread-cpu.tsv"));
        if (machineSamples.Count > 0) Console.WriteLine($"machine speed during the run: {MachineSpeedSampler.Describe(machineSamples.Select(s => s.Microseconds).Order().ToList())}");

        if (serverTiming) timings.Print();
        Console.WriteLine(synthesisCatchUp is { } caughtUp
            ? $"last decision → synthesis PRISMA reflects all {final:N0} final items: {caughtUp.Reflected.TotalSeconds:F2} s (its queues empty after {caughtUp.Drained.TotalSeconds:F2} s; the read that counted them all sent at {caughtUp.ReadSent.TotalSeconds:F2} s)"
            : $"catch-up not measured: --no-screening-events kept screening's events for {final:N0} final items in its outbox");
        Console.WriteLine($"load average during the run: {loadDuring}");
        Console.WriteLine("resident memory (MiB)       idle    peak under load");
        foreach (var name in idle.Keys) Console.WriteLine($"  {name,-14} {idle[name],12:F0} {peak[name],12:F0}");
        Console.WriteLine("CPU seconds (user+system)   decisions   catch-up   per decision (ms)   written per decision (KB, decisions only)   thread switches per decision: waits, preempted (decisions only)");
        foreach (var name in cpuBefore.Keys)
        {
            var run = cpuRun[name] - cpuBefore[name];
            var catchUp = cpuCaughtUp[name] - cpuRun[name];
            var waits = (switchesRun[name].Voluntary - switchesBefore[name].Voluntary) / Math.Max(1, ok);
            var preempted = (switchesRun[name].Involuntary - switchesBefore[name].Involuntary) / Math.Max(1, ok);
            Console.WriteLine($"  {name,-22} {run,10:F1} {catchUp,10:F1} {(run + catchUp) * 1000 / Math.Max(1, ok),12:F2} {(writtenRun[name] - writtenBefore[name]) / 1024 / Math.Max(1, ok),16:F1} {waits,18:F2} {preempted,10:F2}");
        }

        // The decisions' own proxy is not one of the hosts: its CPU alone (HostProcesses counts the others' writes and switches).
        if (proxyPid != 0) Console.WriteLine($"  {proxyName,-22} {proxyCpuRun - proxyCpuBefore,10:F1} {proxyCpuCaughtUp - proxyCpuRun,10:F1} {(proxyCpuCaughtUp - proxyCpuBefore) * 1000 / Math.Max(1, ok),12:F2}");
        Console.WriteLine($"DECISIONS_PER_SECOND {ok / measuredSeconds:F0}");
        Console.WriteLine($"machine speed after the run: {await MachineSpeedProbe.DescribeWhenQuietAsync(TimeSpan.FromSeconds(30))}");

        Console.WriteLine();
        if (gatewayCost && !standalone) await GatewayCost.RunAsync(projectId, wrkSeconds, hosts.Processes);
        Console.WriteLine($"load average at the end: {LoadAverage()}");
        return 0;
    }

    private const string ShortAbstract = "Exosomes from bone marrow MSCs were given intranasally; motor scores and dopaminergic neurons were assessed.";

    /// <summary>About the median length of the PubMed abstracts in shared/testdata (1,258 characters over 16 records).</summary>
    private const string RealisticAbstract =
        "Background: Parkinson's disease is marked by the loss of dopaminergic neurons in the substantia nigra, and no treatment slows it. " +
        "Extracellular vesicles secreted by mesenchymal stem cells (MSC-EVs) carry proteins and microRNAs that modulate neuroinflammation. " +
        "Methods: EVs were isolated from human bone marrow MSCs by ultracentrifugation and characterised by nanoparticle tracking analysis, " +
        "transmission electron microscopy and western blotting for CD63, CD81 and TSG101. C57BL/6 mice received 6-OHDA into the right striatum " +
        "and, from day 7, intranasal MSC-EVs (1 x 10^9 particles) or vehicle twice a week for four weeks (n = 10 per group). Motor function was " +
        "assessed with the rotarod and apomorphine-induced rotation tests; tyrosine hydroxylase-positive neurons were counted stereologically. " +
        "Results: MSC-EV-treated mice stayed longer on the rotarod (mean difference 38 s, 95% CI 21 to 55) and made fewer rotations than controls. " +
        "TH-positive neurons were preserved (62% vs 41% of the intact side), and microglial activation and IL-1beta fell. " +
        "Conclusions: Intranasal MSC-EVs protected dopaminergic neurons and improved motor function in this model, supporting further " +
        "preclinical study with blinded outcome assessment and dose-response designs.";

    /// <summary>Publishes one CitationImported per record straight onto the broker, as ingestion's outbox would.</summary>
    private static async Task<List<Guid>> SeedAsync(HostProcesses hosts, Guid projectId, int count, string abstractText)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddMassTransit(bus => bus.UsingRabbitMq((_, rabbit) => rabbit.Host(new Uri(hosts.RabbitUri))));
        using var host = builder.Build();
        await host.StartAsync();
        var bus = host.Services.GetRequiredService<IBus>();
        var records = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToList();
        var importId = Guid.NewGuid();
        await Parallel.ForEachAsync(records.Select((id, i) => (id, i)), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (record, cancellationToken) =>
            await bus.Publish(new CitationImported
            {
                ProjectId = projectId, RecordId = record.id, ImportId = importId, Source = "load:seed",
                Citation = new CitationData { Title = $"Mesenchymal stem cell extracellular vesicles in a mouse model of Parkinson's disease, record {record.i}", Year = 2020 + record.i % 5, Abstract = abstractText },
            }, cancellationToken));
        await host.StopAsync();
        return records;
    }

    /// <summary>Polls until the answer meets the condition; returns when (on <paramref name="clock"/>, if given) the request that met it was sent.</summary>
    internal static async Task<TimeSpan> WaitAsync(HttpClient client, string path, Func<JsonElement, bool> condition, string what, int seconds, int pollMilliseconds = 250, Stopwatch? clock = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            var sent = clock?.Elapsed ?? TimeSpan.Zero;
            var response = await client.GetAsync(path);
            if (response.IsSuccessStatusCode && condition(await response.Content.ReadFromJsonAsync<JsonElement>())) return sent;
            await Task.Delay(pollMilliseconds);
        }

        throw new TimeoutException($"Timed out waiting until {what}.");
    }

    internal static double Percentile(IReadOnlyList<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    internal static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}

using System.Diagnostics;
using EvSysReview.TestSupport;

namespace EvSysReview.Benchmarks.Living;

/// <summary>
/// Every service host and the gateway as their own processes (the Release builds), on fixed
/// loopback ports, over a virtual host of their own on RABBITMQ_URI's broker; their resident memory read
/// from /proc. Only the processes started here are ever stopped. The <see cref="HostShape"/> says what
/// serves the /api routes. With <c>screeningPublishes</c> false the screening
/// host writes its events to its outbox as ever but never publishes them (<c>Outbox:DispatchEnabled</c>):
/// what a decision costs without the broker, the consumers and the dispatcher behind it.
/// </summary>
public sealed class HostProcesses(HostShape shape = HostShape.Distributed, bool screeningPublishes = true, IReadOnlyCollection<string>? notInherited = null) : IAsyncDisposable
{
    /// <summary>The runtime's switch for socket completions continuing on the socket thread (the gateway's InlineIo).</summary>
    public const string SocketCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public static readonly (string Name, string Project, int Port)[] Services =
    [
        ("reviews", "services/Reviews/Host/bin/Release/net10.0/EvSysReview.Reviews.Host.dll", 5201),
        ("ingestion", "services/Ingestion/Host/bin/Release/net10.0/EvSysReview.Ingestion.Host.dll", 5202),
        ("screening", "services/Screening/Host/bin/Release/net10.0/EvSysReview.Screening.Host.dll", 5203),
        ("extraction", "services/Extraction/Host/bin/Release/net10.0/EvSysReview.Extraction.Host.dll", 5204),
        ("risk-of-bias", "services/RiskOfBias/Host/bin/Release/net10.0/EvSysReview.RiskOfBias.Host.dll", 5205),
        ("synthesis", "services/Synthesis/Host/bin/Release/net10.0/EvSysReview.Synthesis.Host.dll", 5206),
    ];

    public const int GatewayPort = 5200;

    /// <summary>The standalone host's port when the gateway stands in front of it.</summary>
    private const int StandaloneBehindGatewayPort = 5207;

    private readonly Dictionary<string, Process> _processes = [];
    private readonly string _data = Directory.CreateTempSubdirectory("evsys-load-").FullName;

    public string QueuePrefix { get; } = $"load{Guid.NewGuid():N}"[..12] + "-";

    private readonly string _brokerUri = Environment.GetEnvironmentVariable("RABBITMQ_URI") ?? "amqp://guest:guest@127.0.0.1:5672/";
    private readonly string _vhost = $"evsys-load-{Guid.NewGuid():N}"[..20];

    /// <summary>
    /// A virtual host of the run's own on the local broker: exchanges are per message type and shared
    /// by every queue prefix, so without it the thousands of seeded events would also reach the queues
    /// of other deployments (and other builds' tests) on the same broker.
    /// </summary>
    public string RabbitUri => new UriBuilder(_brokerUri) { Path = "/" + _vhost }.Uri.ToString();

    public IReadOnlyDictionary<string, Process> Processes => _processes;

    public static Uri Address(int port) => new($"http://127.0.0.1:{port}/");

    public async Task StartAsync()
    {
        await Broker.CreateVirtualHostAsync(new Uri(_brokerUri), _vhost);
        if (shape == HostShape.Standalone)
        {
            Start("standalone", StandaloneDll, GatewayPort, ServiceEnvironment("standalone"));
            await WaitReadyAsync([("standalone", GatewayPort, "health/ready")]);
            return;
        }

        if (shape == HostShape.StandaloneBehindGateway)
        {
            Start("standalone", StandaloneDll, StandaloneBehindGatewayPort, ServiceEnvironment("standalone"));
            StartGateway(Services.Select(s => (s.Name, StandaloneBehindGatewayPort)));
            await WaitReadyAsync([("standalone", StandaloneBehindGatewayPort, "health/ready"), ("gateway", GatewayPort, "health/live")]);
            return;
        }

        foreach (var (name, dll, port) in Services)
        {
            var environment = ServiceEnvironment(name);
            if (name == "screening" && !screeningPublishes) environment["Outbox__DispatchEnabled"] = "false";
            Start(name, dll, port, environment);
        }

        StartGateway(Services.Select(s => (s.Name, s.Port)));
        await WaitReadyAsync(Services.Select(s => (s.Name, s.Port, "health/ready")).Append(("gateway", GatewayPort, "health/live")));
    }

    /// <summary>Set for the load client, given to the gateway alone without this prefix: a setting tried on the gateway only.</summary>
    public const string GatewayOnlyPrefix = "LIVING_LOAD_GATEWAY_";

    /// <summary>
    /// The gateway on its port, each service's cluster sent to the given port, its rate limit out of the
    /// load's way, and every <see cref="GatewayOnlyPrefix"/> variable of this process as its own (e.g.
    /// <c>LIVING_LOAD_GATEWAY_DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=0</c>).
    /// </summary>
    private void StartGateway(IEnumerable<(string Cluster, int Port)> destinations)
    {
        var gateway = new Dictionary<string, string> { ["Gateway__RequestsPerSecondPerUser"] = "1000000", ["Gateway__QueueLimit"] = "0", ["RABBITMQ_URI"] = RabbitUri, ["Bus__QueuePrefix"] = QueuePrefix };
        foreach (var (cluster, port) in destinations) gateway[$"ReverseProxy__Clusters__{cluster}__Destinations__primary__Address"] = Address(port).ToString();
        foreach (var variable in Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>())
        {
            if (variable.Key is string key && key.Length > GatewayOnlyPrefix.Length && key.StartsWith(GatewayOnlyPrefix, StringComparison.Ordinal)) gateway[key[GatewayOnlyPrefix.Length..]] = variable.Value as string ?? "";
        }

        Start("gateway", "gateway/bin/Release/net10.0/EvSysReview.Gateway.dll", GatewayPort, gateway);
    }

    /// <summary>What a host of services needs: the run's broker and queue prefix, its own data directory, a short outbox poll.</summary>
    private Dictionary<string, string> ServiceEnvironment(string name) => new()
    {
        ["RABBITMQ_URI"] = RabbitUri,
        ["Bus__QueuePrefix"] = QueuePrefix,
        ["Storage__DataDirectory"] = Path.Combine(_data, name),
        ["Outbox__PollInterval"] = "00:00:00.200",
    };

    private const string StandaloneDll = "deploy/Standalone/bin/Release/net10.0/EvSysReview.Standalone.dll";

    private async Task WaitReadyAsync(IEnumerable<(string Name, int Port, string Path)> hosts)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        foreach (var (name, port, path) in hosts)
        {
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (true)
            {
                try
                {
                    if ((await client.GetAsync(new Uri(Address(port), path))).IsSuccessStatusCode) break;
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException)
                {
                }

                if (DateTime.UtcNow > deadline || _processes[name].HasExited) throw new InvalidOperationException($"{name} did not become ready on port {port}.");
                await Task.Delay(250);
            }
        }
    }

    /// <summary>Resident set size (VmRSS) of each host now, in MiB.</summary>
    public Dictionary<string, double> ResidentMiB() => _processes.ToDictionary(p => p.Key, p =>
        File.ReadLines($"/proc/{p.Value.Id}/status").Select(line => StatusNumber(line, "VmRSS")).FirstOrDefault(kib => kib is not null) is { } kib ? kib / 1024 : double.NaN);

    /// <summary>The number of a "field:   value [unit]" line of a /proc status file, if the line is that field's.</summary>
    private static double? StatusNumber(string line, string field)
    {
        if (!line.StartsWith(field, StringComparison.Ordinal) || line.Length <= field.Length || line[field.Length] != ':') return null;
        var value = line.AsSpan(field.Length + 1).Trim();
        var end = value.IndexOf(' ');
        return double.Parse(end < 0 ? value : value[..end], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// CPU seconds (user + system, from /proc/PID/stat) used so far by each host, the broker
    /// (beam.smp) and this load client: where a decision's CPU goes on a machine of 2 cores.
    /// </summary>
    public Dictionary<string, double> CpuSeconds() => Pids().ToDictionary(p => p.Key, p => ProcessCpuSeconds(p.Value));

    /// <summary>
    /// Bytes each process has caused to be written to storage so far (`write_bytes` of /proc/&lt;pid&gt;/io,
    /// counted when a page is dirtied, so the WAL frames and the checkpoints' copies of the hosts' SQLite
    /// files and the broker's segments, whoever flushes them later).
    /// </summary>
    public Dictionary<string, double> WrittenBytes() => Pids().ToDictionary(p => p.Key, p => ProcessWrittenBytes(p.Value));

    /// <summary>
    /// Thread switches so far of each process, summed over its live threads (/proc/PID/task/*/status):
    /// voluntary (the thread waited: a futex, a socket, a sleep) and involuntary (preempted). On this
    /// machine's paravirtual CPUs a switch is dear (docs/performance.md). A thread that exits takes its
    /// counts with it, so a difference over a run is a lower bound if a process retired threads.
    /// </summary>
    public Dictionary<string, (double Voluntary, double Involuntary)> ThreadSwitches() => Pids().ToDictionary(p => p.Key, p => ProcessThreadSwitches(p.Value));

    private static (double Voluntary, double Involuntary) ProcessThreadSwitches(int pid)
    {
        (double Voluntary, double Involuntary) total = (0, 0);
        if (pid == 0 || !Directory.Exists($"/proc/{pid}/task")) return (double.NaN, double.NaN);
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                foreach (var line in File.ReadLines(Path.Combine(task, "status")))
                {
                    total.Voluntary += StatusNumber(line, "voluntary_ctxt_switches") ?? 0;
                    total.Involuntary += StatusNumber(line, "nonvoluntary_ctxt_switches") ?? 0;
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // The thread exited between the listing and the read.
            }
        }

        return total;
    }

    /// <summary>Each host's pid, the broker's node and this process (the load client), by the names the figures print.</summary>
    internal Dictionary<string, int> Pids()
    {
        var pids = _processes.ToDictionary(p => p.Key, p => p.Value.Id);
        // The broker's node is the oldest beam.smp: rabbitmqctl and friends start short-lived ones of their
        // own, and taking one of those for a reading once gave the broker 1,111 CPU seconds in a 60 s run.
        pids["rabbitmq (beam)"] = Process.GetProcessesByName("beam.smp").OrderBy(p => p.StartTime).Select(p => p.Id).FirstOrDefault();
        pids["load client"] = Environment.ProcessId;
        return pids;
    }

    private static double ProcessWrittenBytes(int pid)
    {
        if (pid == 0) return double.NaN;
        try
        {
            var line = File.ReadLines($"/proc/{pid}/io").FirstOrDefault(l => l.StartsWith("write_bytes:", StringComparison.Ordinal));
            return line is null ? double.NaN : double.Parse(line["write_bytes:".Length..], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is UnauthorizedAccessException or IOException)
        {
            // Only the process's owner (or root) may read its io file: the broker's node runs as rabbitmq.
            return double.NaN;
        }
    }

    /// <summary>The fields of /proc/PID/stat after the command name (which may hold spaces and parentheses): state first, then the parent's pid.</summary>
    internal static string[] StatFields(int pid) => Stat($"/proc/{pid}/stat").Fields;

    /// <summary>A process's or a thread's stat file (/proc/PID/stat, /proc/PID/task/TID/stat): its command name, and the fields after it.</summary>
    internal static (string Name, string[] Fields) Stat(string path)
    {
        var stat = File.ReadAllText(path);
        var close = stat.LastIndexOf(')');
        return (stat[(stat.IndexOf('(') + 1)..close], stat[(close + 2)..].Split(' '));
    }

    /// <summary>CPU time in clock ticks (1/100 s): utime and stime, the 12th and 13th fields after the command name.</summary>
    internal static long CpuTicks(string[] fields) =>
        long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);

    internal static double ProcessCpuSeconds(int pid)
    {
        if (pid == 0 || !File.Exists($"/proc/{pid}/stat")) return double.NaN;
        return CpuTicks(StatFields(pid)) / 100.0;
    }

    /// <summary>
    /// The load client's own socket completions inline, as the gateway's (InlineIo), unless its
    /// environment already says: read by the runtime when this process opens its first socket, so call
    /// it before the hosts start. Returns what the hosts must not inherit from this process (the gateway
    /// sets its own; the others keep the thread pool).
    /// </summary>
    public static List<string> ClientSocketCompletionsInline()
    {
        if (Environment.GetEnvironmentVariable(SocketCompletionsVariable) is not null) return [];
        Environment.SetEnvironmentVariable(SocketCompletionsVariable, "1");
        return [SocketCompletionsVariable];
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes.Values)
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
        }

        await Broker.DeleteVirtualHostAsync(new Uri(_brokerUri), _vhost);
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Start(string name, string dll, int port, Dictionary<string, string> environment)
    {
        var path = Path.Combine(RepoPaths.Root, dll);
        if (!File.Exists(path)) throw new FileNotFoundException($"Build the hosts in Release first (tests/Benchmarks/living-load.sh does): {path} is missing.");
        var start = new ProcessStartInfo("dotnet", $"\"{path}\"") { WorkingDirectory = Path.GetDirectoryName(path)!, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        // What the load client set for itself only (notInherited) stays out of the hosts' environment.
        foreach (var variable in notInherited ?? []) start.Environment.Remove(variable);
        foreach (var (key, value) in TestTokens.HostSettings()) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        foreach (var (key, value) in environment) start.Environment[key] = value;
        start.Environment["Urls"] = Address(port).ToString().TrimEnd('/');
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var logDirectory = Environment.GetEnvironmentVariable("LIVING_LOAD_HOST_LOGS");
        if (logDirectory is not null) start.Environment["Logging__LogLevel__EvSysReview"] = "Information";
        var process = Process.Start(start)!;
        // Drain the output so a chatty host never blocks on a full pipe; LIVING_LOAD_HOST_LOGS=<dir>
        // keeps each host's output (and the services' own Information lines) in <dir>/<host>.log.
        var log = logDirectory is null ? null : TextWriter.Synchronized(new StreamWriter(Path.Combine(Directory.CreateDirectory(logDirectory).FullName, $"{name}.log")) { AutoFlush = true });
        process.OutputDataReceived += (_, line) => log?.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {line.Data}");
        process.ErrorDataReceived += (_, line) => log?.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {line.Data}");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes[name] = process;
    }
}

/// <summary>What serves the /api routes in a load run.</summary>
public enum HostShape
{
    /// <summary>Every service host and the gateway, each its own process.</summary>
    Distributed,

    /// <summary>The standalone shape's one process (deploy/Standalone: every module, the same /api routes) on the gateway's port, no gateway.</summary>
    Standalone,

    /// <summary>That one process on a port of its own, with the gateway on its port forwarding every service's routes to it.</summary>
    StandaloneBehindGateway,
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using EvSysReview.TestSupport;

namespace EvSysReview.Integration.Tests.Faults;

/// <summary>
/// A RabbitMQ node of this test's own (Debian's rabbitmq-server under another node name, on free
/// ports, with its own data and log folders and no plugins, so it does not collide with the shared
/// broker's management port), which the test may stop and start. The shared broker other builds
/// use is never touched.
/// </summary>
public sealed class PrivateRabbitNode : IAsyncDisposable
{
    private readonly string _directory;
    private readonly string _nodeName = $"evsysfault{Guid.NewGuid():N}"[..18] + "@localhost";
    private readonly int _port = LoopbackPort.Free();
    private readonly int _distributionPort = LoopbackPort.Free();
    private bool _running;

    private PrivateRabbitNode(string directory) => _directory = directory;

    public string Uri => $"amqp://guest:guest@127.0.0.1:{_port}/";

    public static string? ServerPath => new[] { "/usr/sbin/rabbitmq-server", "/usr/lib/rabbitmq/bin/rabbitmq-server" }.FirstOrDefault(File.Exists);

    /// <summary>Skip (with the reason) only where rabbitmq-server is not installed; CI (REQUIRE_RABBITMQ=true) fails instead.</summary>
    public static string? SkipReason => ServerPath is null && !Broker.RequireBroker
        ? "rabbitmq-server is not installed, so this test cannot run a broker of its own to stop (apt-get install rabbitmq-server, or run .ci/run)."
        : null;

    public static async Task<PrivateRabbitNode> StartAsync()
    {
        if (ServerPath is null) throw new InvalidOperationException("REQUIRE_RABBITMQ=true but rabbitmq-server is not installed.");
        var directory = Directory.CreateTempSubdirectory("evsys-private-rabbit-").FullName;
        File.WriteAllText(Path.Combine(directory, "enabled_plugins"), "[].");
        // Debian's wrapper runs the node as the rabbitmq user, which must own its folders.
        await RunAsync("chown", $"-R rabbitmq:rabbitmq {directory}", allowFailure: true);
        var node = new PrivateRabbitNode(directory);
        await node.StartAgainAsync();
        return node;
    }

    public async Task StartAgainAsync()
    {
        var start = new ProcessStartInfo(ServerPath!, "-detached") { WorkingDirectory = _directory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["RABBITMQ_NODENAME"] = _nodeName;
        start.Environment["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1";
        start.Environment["RABBITMQ_NODE_PORT"] = _port.ToString();
        start.Environment["RABBITMQ_DIST_PORT"] = _distributionPort.ToString();
        start.Environment["RABBITMQ_MNESIA_BASE"] = Path.Combine(_directory, "mnesia");
        start.Environment["RABBITMQ_LOG_BASE"] = Path.Combine(_directory, "log");
        start.Environment["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(_directory, "enabled_plugins");
        using (var process = Process.Start(start)!) await process.WaitForExitAsync();
        _running = true;
        // The AMQP listener opens last in the boot, so an accepted connection means the node is ready.
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, _port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(250);
            }
        }

        throw new TimeoutException($"The private RabbitMQ node {_nodeName} did not listen on {_port} within 2 minutes; see {_directory}/log.");
    }

    public async Task StopAsync()
    {
        await RunAsync("rabbitmqctl", $"-n {_nodeName} stop", allowFailure: false);
        _running = false;
    }

    public async ValueTask DisposeAsync()
    {
        if (_running) await RunAsync("rabbitmqctl", $"-n {_nodeName} stop", allowFailure: true);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A log file still held by a node on its way down; the temp folder is cleaned later.
        }
    }

    private static async Task RunAsync(string file, string arguments, bool allowFailure)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 && !allowFailure)
        {
            throw new InvalidOperationException($"{file} {arguments} exited {process.ExitCode}: {await output}{await error}");
        }
    }
}

/// <summary>A test that runs its own RabbitMQ node; skipped with the reason only where rabbitmq-server is missing (never in CI).</summary>
public sealed class PrivateBrokerFactAttribute : FactAttribute
{
    public PrivateBrokerFactAttribute()
    {
        if (PrivateRabbitNode.SkipReason is { } reason) Skip = reason;
    }
}

using EvSysReview.Extraction;
using EvSysReview.Gateway;
using EvSysReview.Ingestion;
using EvSysReview.Reviews;
using EvSysReview.RiskOfBias;
using EvSysReview.Screening;
using EvSysReview.ServiceDefaults;
using EvSysReview.Synthesis;
using EvSysReview.TestSupport;
using Microsoft.AspNetCore.Builder;

namespace EvSysReview.EndToEnd.Tests;

/// <summary>
/// The distributed shape in one test process: every service host on its own real port and its own
/// SQLite folder, the YARP gateway in front, all over the real RabbitMQ. Tests speak only HTTP to
/// the gateway. A service can be stopped and started again on the same data, like a process.
/// </summary>
public sealed class DistributedSystem : IAsyncDisposable
{
    public static readonly IReadOnlyDictionary<string, Func<string[], Action<WebApplicationBuilder>, WebApplication>> Services =
        new Dictionary<string, Func<string[], Action<WebApplicationBuilder>, WebApplication>>
        {
            ["reviews"] = (args, configure) => ServiceHost.Create(args, b => b.AddReviews(), a => a.MapReviews(), configure),
            ["ingestion"] = (args, configure) => ServiceHost.Create(args, b => b.AddIngestion(), a => a.MapIngestion(), configure),
            ["screening"] = (args, configure) => ServiceHost.Create(args, b => b.AddScreening(), a => a.MapScreening(), configure),
            ["extraction"] = (args, configure) => ServiceHost.Create(args, b => b.AddExtraction(), a => a.MapExtraction(), configure),
            ["risk-of-bias"] = (args, configure) => ServiceHost.Create(args, b => b.AddRiskOfBias(), a => a.MapRiskOfBias(), configure),
            ["synthesis"] = (args, configure) => ServiceHost.Create(args, b => b.AddSynthesis(), a => a.MapSynthesis(), configure),
        };

    private readonly Dictionary<string, RunningHost> _services = [];
    private readonly Dictionary<string, string> _dataDirectories = [];
    private readonly Dictionary<string, Uri> _addresses = [];
    private readonly Dictionary<string, string?> _gatewaySettings;
    private readonly Action<string, Dictionary<string, string?>>? _serviceSettings;
    private readonly string _queuePrefix = $"e2e{Guid.NewGuid():N}"[..11] + "-";

    private DistributedSystem(Dictionary<string, string?> gatewaySettings, Action<string, Dictionary<string, string?>>? serviceSettings)
    {
        _gatewaySettings = gatewaySettings;
        _serviceSettings = serviceSettings;
    }

    public string QueuePrefix => _queuePrefix;

    public RunningHost Gateway { get; private set; } = null!;

    /// <summary>The deployment's operator (Operations:Operators), given to every host as a deployment gives it, unless a test configures its own.</summary>
    public const string OperatorName = "olga";

    public IReadOnlyDictionary<string, RunningHost> Hosts => _services;

    /// <param name="serviceSettings">Extra configuration per service (by name), e.g. where ingestion finds E-utilities.</param>
    public static async Task<DistributedSystem> StartAsync(
        Action<Dictionary<string, string?>>? gatewaySettings = null, Action<string, Dictionary<string, string?>>? serviceSettings = null)
    {
        var settings = TestTokens.HostSettings();
        gatewaySettings?.Invoke(settings);
        var system = new DistributedSystem(settings, serviceSettings);
        foreach (var name in Services.Keys) await system.StartServiceAsync(name);
        await system.StartGatewayAsync();
        return system;
    }

    public async Task StartServiceAsync(string name)
    {
        if (!_dataDirectories.TryGetValue(name, out var data))
        {
            data = Directory.CreateTempSubdirectory($"evsys-e2e-{name}-").FullName;
            _dataDirectories[name] = data;
        }

        var settings = TestTokens.HostSettings();
        settings["RABBITMQ_URI"] = await Broker.UriAsync();
        settings["Bus:QueuePrefix"] = _queuePrefix;
        settings["Storage:DataDirectory"] = data;
        settings["Outbox:PollInterval"] = "00:00:00.200";
        settings["Operations:Operators:0"] = OperatorName;
        if (name == "reviews") settings["Auth:Users:0:Username"] = "alice";
        if (name == "reviews") settings["Auth:Users:0:PasswordHash"] = "pbkdf2-sha256$100000$A/e8RQ189rEDtw0Y/z5khg==$t4eX9i36/U7kEtHWXagzqISE9rrqIZ0Zizgxzx6J/Us=";
        _serviceSettings?.Invoke(name, settings);
        var host = await RunningHost.StartAsync(Services[name], settings, address: _addresses.GetValueOrDefault(name));
        _addresses[name] = host.Address;
        _services[name] = host;
    }

    public async Task StopServiceAsync(string name)
    {
        await _services[name].DisposeAsync();
        _services.Remove(name);
    }

    private async Task StartGatewayAsync()
    {
        var settings = new Dictionary<string, string?>(_gatewaySettings)
        {
            ["WebRoot"] = Path.Combine(RepoPaths.Root, "gateway", "wwwroot"),
            // The operator endpoints see this system's error queues only.
            ["RABBITMQ_URI"] = await Broker.UriAsync(),
            ["Bus:QueuePrefix"] = _queuePrefix,
            // The pipeline inline, as in the gateway's own process (this test process's socket
            // completions stay on the thread pool: the service hosts beside it do blocking work).
            ["Gateway:InlineScheduling"] = "true",
        };
        // Someone who may read /health in detail (and the error queues), unless the test names its own.
        settings.TryAdd("Operations:Operators:0", OperatorName);
        foreach (var (name, host) in _services)
        {
            settings[$"ReverseProxy:Clusters:{name}:Destinations:primary:Address"] = host.Address.ToString();
            // Checks every second so a restarted service is back in rotation quickly in tests.
            settings[$"ReverseProxy:Clusters:{name}:HealthCheck:Active:Interval"] = "00:00:01";
        }

        Gateway = await RunningHost.StartAsync(GatewayHost.Create, settings, "gateway/appsettings.json");
    }

    public HttpClient As(string username) => Gateway.Client(TestTokens.Valid(username));

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        foreach (var host in _services.Values) await host.DisposeAsync();
        await Broker.DeleteQueuesAsync(_queuePrefix);
    }
}

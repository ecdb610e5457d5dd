using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Configuration;

namespace EvSysReview.Benchmarks.Living;

/// <summary>
/// `bare-yarp --port P --upstream U`: YARP with nothing else (no authentication, rate limiter,
/// telemetry, or logging above Warning) forwarding every path to http://127.0.0.1:U, until the
/// process is stopped. Its own process, as nginx is, so it competes with the others for the cores
/// on the same terms. Its I/O runs inline as the gateway's does when
/// DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 (how <c>gateway-cost</c> starts it).
/// </summary>
public sealed class BareYarpCommand : ISideBySideCommand
{
    public string Name => "bare-yarp";

    public int Run(string[] args)
    {
        var port = BusCeilingCommand.Option(args, "--port", 5291);
        var upstream = BusCeilingCommand.Option(args, "--upstream", 0);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        // The gateway's I/O choice (InlineIo): the pipeline inline when the socket completions are.
        if (Environment.GetEnvironmentVariable(HostProcesses.SocketCompletionsVariable) == "1") builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
        builder.Services.AddReverseProxy().LoadFromMemory(
            [new RouteConfig { RouteId = "all", ClusterId = "upstream", Match = new RouteMatch { Path = "{**rest}" } }],
            [new ClusterConfig { ClusterId = "upstream", Destinations = new Dictionary<string, DestinationConfig> { ["primary"] = new() { Address = $"http://127.0.0.1:{upstream}/" } } }]);
        var app = builder.Build();
        app.MapReverseProxy();
        app.Run();
        return 0;
    }
}

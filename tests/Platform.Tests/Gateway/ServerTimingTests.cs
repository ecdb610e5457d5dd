using System.Net;
using EvSysReview.Gateway;
using EvSysReview.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace EvSysReview.Platform.Tests.Gateway;

/// <summary>
/// Diagnostics:ServerTiming at the gateway: the service's Server-Timing metrics come through as
/// they were, and the gateway adds its own total (<c>gateway</c>), which holds the service's time.
/// </summary>
public sealed class ServerTimingTests
{
    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public async Task The_gateway_passes_the_services_timings_on_and_adds_its_own_when_told_to(string setting, bool timed)
    {
        // A service that takes 200 ms and says so, as a service host with the setting on would.
        var port = LoopbackPort.Free();
        var service = WebApplication.CreateSlimBuilder();
        service.WebHost.UseUrls($"http://127.0.0.1:{port}");
        await using var upstream = service.Build();
        upstream.MapGet("/api/reviews/projects", async (HttpContext context) =>
        {
            await Task.Delay(200);
            context.Response.Headers["Server-Timing"] = "app;dur=200, gate;dur=1.5";
            return Results.Ok(Array.Empty<object>());
        });
        await upstream.StartAsync();
        var settings = TestTokens.HostSettings();
        settings["ReverseProxy:Clusters:reviews:Destinations:primary:Address"] = $"http://127.0.0.1:{port}/";
        settings["ReverseProxy:Clusters:reviews:HealthCheck:Active:Enabled"] = "false";
        settings["Diagnostics:ServerTiming"] = setting;
        await using var gateway = await RunningHost.StartAsync(GatewayHost.Create, settings, "gateway/appsettings.json");

        var answer = await gateway.Client(TestTokens.Valid("ana")).GetAsync("/api/reviews/projects");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var metrics = answer.Headers.GetValues("Server-Timing").SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries)).ToList();
        Assert.Equal(["app;dur=200", "gate;dur=1.5"], metrics.Take(2));
        if (!timed)
        {
            Assert.Equal(2, metrics.Count);
            return;
        }

        var own = Assert.Single(metrics.Skip(2));
        Assert.StartsWith("gateway;dur=", own, StringComparison.Ordinal);
        Assert.InRange(double.Parse(own["gateway;dur=".Length..], System.Globalization.CultureInfo.InvariantCulture), 200, 10_000);
    }
}

using EvSysReview.Gateway.Operations;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Diagnostics;
using EvSysReview.ServiceDefaults.Security;

namespace EvSysReview.Gateway;

/// <summary>
/// The single entry: YARP routes /api/{service}/** to each service (config section ReverseProxy),
/// validates tokens before forwarding (services validate again), limits request size and rate,
/// stamps a correlation id, serves the web UI at / and an aggregate /health, and gives
/// operators the broker's error queues (/api/operations/error-queues) and the event types the
/// services hold back for want of a queue (/api/operations/held-back-events).
/// </summary>
public static class GatewayHost
{
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        var settings = builder.Configuration.GetSection("Gateway").Get<GatewaySettings>() ?? new GatewaySettings();
        builder.Services.AddSingleton(settings);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = settings.MaxRequestBodyBytes);
        if (settings.InlineScheduling ?? InlineIo.SocketCompletionsInline) builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
        builder.AddTelemetry();
        builder.AddTokenValidation();
        builder.Services.AddProblemDetails();
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
        builder.Services.AddGatewayRateLimits(settings);
        builder.Services.AddHttpClient(AggregateHealth.ClientName, client => client.Timeout = TimeSpan.FromSeconds(5));
        builder.Services.AddErrorQueueOperations(builder.Configuration);

        var app = builder.Build();
        app.UseServerTiming(ServerTiming.Gateway);
        app.UseMiddleware<CorrelationIdMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseWebUi();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.MapGet("/health", AggregateHealth.WriteAsync).AllowAnonymous();
        app.MapGet("/health/live", () => Results.Ok(new { status = "Healthy" })).AllowAnonymous();
        app.MapErrorQueueOperations();
        app.MapHeldBackEvents();
        app.MapReverseProxy();
        return app;
    }
}

using EvSysReview.ServiceDefaults.Messaging;
using Microsoft.AspNetCore.Builder;

namespace EvSysReview.ServiceDefaults;

/// <summary>
/// How every host is put together, so a Program.cs is one line and tests build the very same host
/// (on a real port, with their own configuration) without a copy of the wiring.
/// </summary>
public static class ServiceHost
{
    public static WebApplication Create(
        string[] args,
        Action<WebApplicationBuilder> addModules,
        Action<WebApplication> mapModules,
        Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.AddServiceDefaults();
        addModules(builder);
        builder.AddEventBus();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        mapModules(app);
        return app;
    }
}

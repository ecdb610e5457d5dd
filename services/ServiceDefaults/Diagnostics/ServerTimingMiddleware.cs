using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace EvSysReview.ServiceDefaults.Diagnostics;

/// <summary>
/// Starts a request's <see cref="ServerTiming"/> and adds it to the answer's <c>Server-Timing</c>
/// header; first in the pipeline, so its total covers all of it. Added, not set: behind the gateway
/// the service's metrics arrive in the header YARP copied, and the gateway's own total joins them.
/// </summary>
public sealed class ServerTimingMiddleware(RequestDelegate next, string total)
{
    public const string Header = "Server-Timing";

    public async Task InvokeAsync(HttpContext context)
    {
        var timing = new ServerTiming(total);
        ServerTiming.Current = timing;
        context.Response.OnStarting(static state =>
        {
            var (response, timing) = ((HttpResponse, ServerTiming))state;
            response.Headers.Append(Header, timing.HeaderValue());
            return Task.CompletedTask;
        }, (context.Response, timing));
        try
        {
            await next(context);
        }
        finally
        {
            ServerTiming.Current = null;
        }
    }
}

public static class ServerTimingExtensions
{
    public const string Setting = "Diagnostics:ServerTiming";

    /// <summary>Times every request when <see cref="Setting"/> is true; call first, before any other middleware.</summary>
    public static WebApplication UseServerTiming(this WebApplication app, string total)
    {
        if (app.Configuration.GetValue<bool>(Setting)) app.UseMiddleware<ServerTimingMiddleware>(total);
        return app;
    }
}

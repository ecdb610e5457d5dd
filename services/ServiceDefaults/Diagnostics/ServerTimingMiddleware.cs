using Microsoft.AspNetCore.Http;

namespace EvSysReview.ServiceDefaults.Diagnostics;

/// <summary>Starts a request's <see cref="ServerTiming"/> and writes it as the answer's <c>Server-Timing</c> header; first in the pipeline, so <c>app</c> covers all of it.</summary>
public sealed class ServerTimingMiddleware(RequestDelegate next)
{
    public const string Header = "Server-Timing";

    public async Task InvokeAsync(HttpContext context)
    {
        var timing = new ServerTiming();
        ServerTiming.Current = timing;
        context.Response.OnStarting(static state =>
        {
            var (response, timing) = ((HttpResponse, ServerTiming))state;
            response.Headers[Header] = timing.HeaderValue();
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

using System.Diagnostics;
using EvSysReview.ServiceDefaults;

namespace EvSysReview.Gateway;

/// <summary>
/// Every request gets an X-Correlation-Id (kept if the client sent a valid one) that is forwarded to
/// the service, which stamps it on the events it publishes, and returned to the caller. A new one is
/// the request's W3C trace id written as a GUID (the same 32 hex digits): the id a user reports
/// then opens the request's trace in the trace UI as well, and creating it reads no random bytes
/// from the kernel (`Guid.NewGuid` costs a system call per id on Linux).
/// </summary>
internal sealed class CorrelationIdMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var text = (context.SentCorrelationId() ?? FromTrace(Activity.Current) ?? Guid.NewGuid()).ToString();
        context.Request.Headers[RequestCorrelation.Header] = text;
        context.Response.Headers[RequestCorrelation.Header] = text;
        return next(context);
    }

    /// <summary>The trace id's 16 bytes in their written order, so the GUID's digits are the trace id's.</summary>
    private static Guid? FromTrace(Activity? activity)
    {
        if (activity is null || activity.IdFormat != ActivityIdFormat.W3C) return null;
        Span<byte> bytes = stackalloc byte[16];
        activity.TraceId.CopyTo(bytes);
        return new Guid(bytes, bigEndian: true);
    }
}

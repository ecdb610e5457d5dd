namespace EvSysReview.Gateway;

/// <summary>
/// Every request gets an X-Correlation-Id (kept if the client sent a valid one) that is forwarded to
/// the service, which stamps it on the events it publishes, and returned to the caller.
/// </summary>
internal sealed class CorrelationIdMiddleware(RequestDelegate next)
{
    public const string Header = "X-Correlation-Id";

    public Task InvokeAsync(HttpContext context)
    {
        if (!Guid.TryParse(context.Request.Headers[Header].ToString(), out var id)) id = Guid.NewGuid();
        context.Request.Headers[Header] = id.ToString();
        context.Response.Headers[Header] = id.ToString();
        return next(context);
    }
}

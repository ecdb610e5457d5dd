using Microsoft.AspNetCore.Http;

namespace EvSysReview.ServiceDefaults;

/// <summary>
/// The X-Correlation-Id the gateway stamps on every request (the caller's own, when it sent a valid
/// one). The events a command publishes carry it, so an operator finds one user action's events in
/// every service by that id; a request that did not come through the gateway gets a new one.
/// </summary>
public static class RequestCorrelation
{
    public const string Header = "X-Correlation-Id";

    public static Guid CorrelationId(this HttpContext http) => http.SentCorrelationId() ?? Guid.NewGuid();

    /// <summary>The id the request came with, when it is a valid one.</summary>
    public static Guid? SentCorrelationId(this HttpContext http) =>
        Guid.TryParse(http.Request.Headers[Header].ToString(), out var id) ? id : null;
}

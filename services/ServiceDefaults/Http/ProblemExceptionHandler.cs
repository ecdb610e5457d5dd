using System.Text.Json;
using EvSysReview.ServiceDefaults.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace EvSysReview.ServiceDefaults;

/// <summary>
/// Turns what a caller caused into a 4xx problem instead of a 500: unreadable JSON, a request that
/// lost a race on a version (409), a body over the limit.
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail, field) = exception switch
        {
            ConcurrencyConflictException c => (409, "Conflict", $"Someone else changed this first ({c.Message}); reload and try again.", (string?)null),
            BadHttpRequestException { InnerException: JsonException json } => (400, "Invalid JSON", json.Message, BadRequestField.FromJson(json)),
            BadHttpRequestException bad => (bad.StatusCode, "Bad request", bad.Message, (string?)BadRequestField.FromBinding(bad)),
            JsonException json => (400, "Invalid JSON", json.Message, BadRequestField.FromJson(json)),
            _ => (0, "", "", null),
        };
        if (status == 0) return false;
        httpContext.Response.StatusCode = status;
        var extensions = new Dictionary<string, object?>();
        if (field is not null) extensions["field"] = field;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail, Extensions = extensions },
        });
    }
}

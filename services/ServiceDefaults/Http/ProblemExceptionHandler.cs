using System.Text.Json;
using EvSysReview.ServiceDefaults.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EvSysReview.ServiceDefaults;

/// <summary>
/// Turns what a caller caused into a 4xx problem instead of a 500: an unreadable request body, a
/// request that lost a race on a version (409), a body over the limit. Only a request's JSON is the
/// caller's fault: any other JsonException (a stored document, a template) is ours, a logged 500.
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is StoredDocumentUnreadableException unreadable)
        {
            // Handled here, the exception middleware does not log it: this is the only record of which document.
            logger.LogError(unreadable, "Stored document {Collection}/{Id} could not be read while answering {Method} {Path}",
                unreadable.Collection, unreadable.Id, httpContext.Request.Method, httpContext.Request.Path);
        }

        var (status, title, detail, field) = exception switch
        {
            ConcurrencyConflictException c => (409, "Conflict", $"Someone else changed this first ({c.Message}); reload and try again.", (string?)null),
            BadHttpRequestException { InnerException: JsonException json } => (400, "Invalid JSON", json.Message, BadRequestField.FromJson(json)),
            BadHttpRequestException bad => (bad.StatusCode, "Bad request", bad.Message, (string?)BadRequestField.FromBinding(bad)),
            StoredDocumentUnreadableException => (500, "Server error", "Stored data could not be read; this is our fault, not your request's. It has been logged.", (string?)null),
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

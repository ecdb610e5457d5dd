using Microsoft.AspNetCore.Http;

namespace EvSysReview.ServiceDefaults;

/// <summary>
/// RFC 7807 problems that name the field and the reason, so a person (or the web UI) can tell what
/// to fix. Every 4xx the services return is built here.
/// </summary>
public static class Problems
{
    public static IResult Validation(string field, string reason) => Problem(StatusCodes.Status400BadRequest, "Invalid request", reason, field);

    public static IResult Validation(IReadOnlyDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "Invalid request", detail: string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join("; ", e.Value)}")));

    public static IResult NotFound(string field, string reason) => Problem(StatusCodes.Status404NotFound, "Not found", reason, field);

    public static IResult Forbidden(string reason) => Problem(StatusCodes.Status403Forbidden, "Forbidden", reason, null);

    /// <param name="more">members beside detail and field that say what to do (RoB's "unanswered" questions by domain).</param>
    public static IResult Conflict(string reason, string? field = null, IReadOnlyDictionary<string, object?>? more = null) =>
        Problem(StatusCodes.Status409Conflict, "Conflict", reason, field, more);

    public static IResult PreconditionFailed(string reason) => Problem(StatusCodes.Status412PreconditionFailed, "Precondition failed", reason, "If-Match");

    public static IResult PayloadTooLarge(string reason) => Problem(StatusCodes.Status413PayloadTooLarge, "Payload too large", reason, "body");

    public static IResult UnsupportedMediaType(string reason) => Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", reason, "Content-Type");

    public static IResult Problem(int status, string title, string detail, string? field, IReadOnlyDictionary<string, object?>? more = null)
    {
        var extensions = new Dictionary<string, object?>();
        if (field is not null) extensions["field"] = field;
        if (more is not null)
        {
            foreach (var (name, value) in more) extensions[name] = value;
        }

        return TypedResults.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);
    }
}

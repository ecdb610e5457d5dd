using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace EvSysReview.ServiceDefaults;

/// <summary>
/// The field a refused request got wrong, for the problem's "field": the JSON path of a body that
/// did not deserialise ("$.members[0].role" becomes "members[0].role"), or the parameter minimal
/// APIs could not bind (their messages quote it as "Type name").
/// </summary>
internal static partial class BadRequestField
{
    public static string FromJson(JsonException json) =>
        json.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : "body";

    /// <summary>A body parameter's name is the handler's, not the caller's: then the field is the body (or its Content-Type, for a 415).</summary>
    public static string FromBinding(BadHttpRequestException bad) =>
        bad.StatusCode == StatusCodes.Status415UnsupportedMediaType ? "Content-Type"
        : !bad.Message.Contains("body", StringComparison.Ordinal) && QuotedParameter().Match(bad.Message) is { Success: true } match ? match.Groups["name"].Value
        : "body";

    // 'Failed to bind parameter "Nullable<int> page" from "abc".', 'Required parameter "string name" was not provided from query string.'
    [GeneratedRegex(@"parameter ""(?:[^""]* )?(?<name>[^"" ]+)""")]
    private static partial Regex QuotedParameter();
}

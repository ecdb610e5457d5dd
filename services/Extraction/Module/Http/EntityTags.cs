using Microsoft.AspNetCore.Http;

namespace EvSysReview.Extraction.Http;

/// <summary>ETag/If-Match over a document's store version, the same "n" shape as the reviews service.</summary>
public static class EntityTags
{
    public static string Of(long version) => $"\"{version}\"";

    /// <summary>
    /// True when the caller sent If-Match for another version than the current one (or for a
    /// document that does not exist yet, <paramref name="version"/> null): their edit is based on
    /// something stale and would overwrite a change they have not seen.
    /// </summary>
    public static bool IfMatchFails(HttpContext http, long? version)
    {
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (string.IsNullOrEmpty(ifMatch)) return false;
        if (ifMatch == "*") return version is null;
        return version is not { } v || ifMatch.Split(',').Select(t => t.Trim()).All(t => t != Of(v));
    }

    public static bool HasIfMatch(HttpContext http) => !string.IsNullOrEmpty(http.Request.Headers.IfMatch.ToString());

    public static void Set(HttpContext http, long version) => http.Response.Headers.ETag = Of(version);
}

using Microsoft.AspNetCore.Http;

namespace EvSysReview.ServiceDefaults;

/// <summary>
/// ETag and If-Match over a document's store version ("n"), for every service's optimistic
/// concurrency: a caller who read version n sends If-Match: "n", and a change based on anything
/// older gets 412 instead of overwriting what they have not seen. If-Match is optional unless an
/// endpoint says otherwise; a list of tags matches when any of them does (RFC 9110 §13.1.1).
/// </summary>
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
        return version is not { } v || IfMatchFails(http, Of(v));
    }

    /// <summary>The same against a tag of another shape (e.g. risk of bias's per-assessor sheet tag).</summary>
    public static bool IfMatchFails(HttpContext http, string currentETag)
    {
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        return !string.IsNullOrEmpty(ifMatch) && ifMatch != "*" && ifMatch.Split(',').Select(t => t.Trim()).All(t => t != currentETag);
    }

    public static bool HasIfMatch(HttpContext http) => !string.IsNullOrEmpty(http.Request.Headers.IfMatch.ToString());

    public static void Set(HttpContext http, long version) => http.Response.Headers.ETag = Of(version);
}

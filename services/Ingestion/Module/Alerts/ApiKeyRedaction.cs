using System.Text.RegularExpressions;

namespace EvSysReview.Ingestion.Alerts;

/// <summary>
/// A search's NCBI API key is never returned by the API, yet NCBI echoes it: a 429 body carries
/// "api-key": "&lt;key&gt;". Text from NCBI becomes a run's message (served to every role of the
/// project, and logged), so the key, and any api-key / api_key value, is blanked first.
/// </summary>
public static partial class ApiKeyRedaction
{
    public const string Redacted = "[redacted]";

    public static string Redact(string text, string? apiKey)
    {
        if (!string.IsNullOrWhiteSpace(apiKey)) text = text.Replace(apiKey, Redacted, StringComparison.Ordinal);
        text = JsonField().Replace(text, m => $"{m.Groups["name"].Value}{Redacted}\"");
        return QueryParameter().Replace(text, m => $"{m.Groups["name"].Value}{Redacted}");
    }

    // "api-key": "value" (NCBI's 429 body), "api_key":"value".
    [GeneratedRegex("""(?<name>"api[-_]key"\s*:\s*")[^"]*"?""", RegexOptions.IgnoreCase)]
    private static partial Regex JsonField();

    // api_key=value in a URL echoed back.
    [GeneratedRegex("""(?<name>\bapi[-_]key=)[^&\s"'<]*""", RegexOptions.IgnoreCase)]
    private static partial Regex QueryParameter();
}

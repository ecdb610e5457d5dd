using System.Text.Json;
using EvSysReview.Screening.Core.Protocol;

namespace EvSysReview.Screening.Protocol;

/// <summary>
/// Reads the parts of ProtocolPublished's JSON that screening needs: screening {reviewersPerRecord,
/// blinded, fullTextStage}, exclusionReasons[], highlightTerms {include[], exclude[]}. A missing or
/// malformed part keeps the default rather than failing the message (it would only be redelivered).
/// </summary>
public static class ProtocolReader
{
    public static ProjectSettings Read(ProjectSettings current, int version, string protocolJson)
    {
        var protocol = new ScreeningProtocol();
        try
        {
            using var document = JsonDocument.Parse(protocolJson);
            var root = document.RootElement;
            if (root.TryGetProperty("screening", out var screening) && screening.ValueKind == JsonValueKind.Object)
            {
                if (screening.TryGetProperty("reviewersPerRecord", out var n) && n.ValueKind == JsonValueKind.Number && n.TryGetInt32(out var reviewers) && reviewers is 1 or 2)
                    protocol = protocol with { ReviewersPerItem = reviewers };
                if (screening.TryGetProperty("blinded", out var b) && b.ValueKind is JsonValueKind.True or JsonValueKind.False)
                    protocol = protocol with { Blinded = b.GetBoolean() };
                if (screening.TryGetProperty("fullTextStage", out var f) && f.ValueKind is JsonValueKind.True or JsonValueKind.False)
                    protocol = protocol with { FullTextEnabled = f.GetBoolean() };
            }

            protocol = protocol with { ExclusionReasons = Strings(root, "exclusionReasons") };
            if (root.TryGetProperty("highlightTerms", out var terms) && terms.ValueKind == JsonValueKind.Object)
                protocol = protocol with { IncludeTerms = Strings(terms, "include"), ExcludeTerms = Strings(terms, "exclude") };
        }
        catch (JsonException)
        {
        }

        return current with { ProtocolVersion = version, Protocol = protocol };
    }

    private static IReadOnlyList<string> Strings(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).Where(s => s.Length > 0).ToList()
            : [];
}

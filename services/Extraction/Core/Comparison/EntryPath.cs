using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EvSysReview.Extraction.Core.Outcomes;

namespace EvSysReview.Extraction.Core.Comparison;

/// <summary>
/// Paths into an entry's JSON that name things by identity, not position:
/// <c>fields.route.choice</c>, <c>arms[pbs].label</c>, <c>comparisons[low-vs-pbs].controlArmId</c>,
/// <c>outcomes[mwmEscapeLatency@28 d].arms[pbs].sd</c>. Arms and comparisons are keyed by id,
/// outcome rows by outcome and time point, a row's arms by arm id; other arrays by index.
/// Inside brackets, <c>\</c> and <c>]</c> are escaped with a backslash.
/// </summary>
public static class EntryPath
{
    private static readonly HashSet<string> KeyedArrays = ["arms", "comparisons", "outcomes"];

    public abstract record Segment;

    public sealed record Property(string Name) : Segment;

    public sealed record Element(string Key) : Segment;

    public static string Child(string parent, string property) => parent.Length == 0 ? property : $"{parent}.{property}";

    public static string Item(string parent, string key) =>
        $"{parent}[{key.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("]", "\\]", StringComparison.Ordinal)}]";

    public static bool IsKeyed(string arrayName) => KeyedArrays.Contains(arrayName);

    /// <summary>The identity of an element of a keyed array; an outcome row's is its <see cref="OutcomeRowKey"/>.</summary>
    public static string KeyOf(string arrayName, JsonNode? element)
    {
        if (element is not JsonObject item)
            return "";
        if (arrayName == "outcomes")
        {
            var outcome = item["outcome"]?.GetValue<string>() ?? "";
            var timePoint = item["timePoint"] is JsonObject time
                && time["value"] is JsonValue value && value.GetValueKind() == JsonValueKind.Number
                ? new Quantity(value.GetValue<double>(), time["unit"]?.GetValue<string>() ?? "")
                : null;
            return OutcomeRowKey.Of(outcome, timePoint);
        }

        return (item["id"] ?? item["armId"])?.GetValue<string>() ?? "";
    }

    /// <summary>Keys of an array's elements in order; a repeated key gets #2, #3… so nothing is hidden.</summary>
    public static IReadOnlyList<string> KeysOf(string arrayName, JsonArray array)
    {
        if (!IsKeyed(arrayName))
            return [.. Enumerable.Range(0, array.Count).Select(i => i.ToString(CultureInfo.InvariantCulture))];

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var keys = new List<string>(array.Count);
        foreach (var element in array)
        {
            var key = KeyOf(arrayName, element);
            seen[key] = seen.GetValueOrDefault(key) + 1;
            keys.Add(seen[key] == 1 ? key : $"{key}#{seen[key]}");
        }

        return keys;
    }

    public static IReadOnlyList<Segment> Parse(string path)
    {
        var segments = new List<Segment>();
        var i = 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                i++;
                continue;
            }

            if (path[i] == '[')
            {
                var key = new StringBuilder();
                for (i++; i < path.Length && path[i] != ']'; i++)
                    key.Append(path[i] == '\\' && i + 1 < path.Length ? path[++i] : path[i]);
                if (i >= path.Length)
                    throw new FormatException($"Unclosed '[' in path '{path}'.");
                segments.Add(new Element(key.ToString()));
                i++;
                continue;
            }

            var end = path.IndexOfAny(['.', '['], i);
            end = end < 0 ? path.Length : end;
            segments.Add(new Property(path[i..end]));
            i = end;
        }

        return segments;
    }
}

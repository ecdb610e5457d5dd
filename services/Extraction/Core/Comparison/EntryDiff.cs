using System.Text.Json;
using System.Text.Json.Nodes;
using EvSysReview.Extraction.Core.Forms;
using EvSysReview.Extraction.Core.Outcomes;

namespace EvSysReview.Extraction.Core.Comparison;

/// <summary>One place where two entries differ; null on a side means the thing is absent there.</summary>
public sealed record EntryChange(string Path, JsonNode? Before, JsonNode? After);

/// <summary>
/// Walks two entries' JSON side by side and lists every place they differ, matching arms,
/// comparisons and outcome rows by identity (<see cref="EntryPath"/>). Something present on one
/// side only is one change at its own path carrying the whole thing, not one per number inside.
/// Shared by the dual-extraction comparison and the audit trail.
/// </summary>
public static class EntryDiff
{
    // Who typed it is not part of the data: two extractors always differ there.
    private static readonly HashSet<string> IgnoredRootProperties = ["extractorId"];

    public static IReadOnlyList<EntryChange> Compute(ExtractionEntry before, ExtractionEntry after, NumericTolerance tolerance)
    {
        var changes = new List<EntryChange>();
        Walk(ToNode(before), ToNode(after), "", false, tolerance, changes);
        return changes;
    }

    public static JsonObject ToNode(ExtractionEntry entry) =>
        JsonSerializer.SerializeToNode(entry, ExtractionJson.Options)!.AsObject();

    private static void Walk(JsonNode? before, JsonNode? after, string path, bool fromFigure,
        NumericTolerance tolerance, List<EntryChange> changes)
    {
        if (before is null && after is null)
            return;
        if (before is JsonObject beforeObject && after is JsonObject afterObject)
        {
            fromFigure |= IsFromFigure(beforeObject) || IsFromFigure(afterObject);
            var names = beforeObject.Select(p => p.Key)
                .Concat(afterObject.Select(p => p.Key).Where(k => !beforeObject.ContainsKey(k)));
            foreach (var name in names.Where(n => path.Length > 0 || !IgnoredRootProperties.Contains(n)))
                Walk(beforeObject[name], afterObject[name], EntryPath.Child(path, name), fromFigure, tolerance, changes);
            return;
        }

        if (before is JsonArray beforeArray && after is JsonArray afterArray && IsArrayOfObjects(beforeArray, afterArray))
        {
            var arrayName = LastPropertyName(path);
            var beforeItems = Index(arrayName, beforeArray);
            var afterItems = Index(arrayName, afterArray);
            foreach (var key in beforeItems.Keys.Concat(afterItems.Keys.Where(k => !beforeItems.ContainsKey(k))))
                Walk(beforeItems.GetValueOrDefault(key), afterItems.GetValueOrDefault(key), EntryPath.Item(path, key),
                    fromFigure, tolerance, changes);
            return;
        }

        if (!AreEqual(before, after, LastPropertyName(path), fromFigure, tolerance))
            changes.Add(new EntryChange(path, before?.DeepClone(), after?.DeepClone()));
    }

    private static bool AreEqual(JsonNode? before, JsonNode? after, string name, bool fromFigure, NumericTolerance tolerance)
    {
        if (before is JsonValue b && after is JsonValue a
            && b.GetValueKind() == JsonValueKind.Number && a.GetValueKind() == JsonValueKind.Number)
            return tolerance.AreEqual(b.GetValue<double>(), a.GetValue<double>(), fromFigure);

        // A checklist is a set: ticking the same items in another order is no difference.
        if (name == "checked" && before is JsonArray beforeItems && after is JsonArray afterItems)
            return Sorted(beforeItems).SequenceEqual(Sorted(afterItems), StringComparer.Ordinal);

        return JsonNode.DeepEquals(before, after);
    }

    private static Dictionary<string, JsonNode?> Index(string arrayName, JsonArray array)
    {
        var keys = EntryPath.KeysOf(arrayName, array);
        return keys.Select((key, i) => (key, array[i])).ToDictionary(p => p.key, p => p.Item2, StringComparer.Ordinal);
    }

    private static bool IsArrayOfObjects(JsonArray before, JsonArray after) =>
        before.Concat(after).All(item => item is JsonObject);

    private static bool IsFromFigure(JsonObject item) =>
        item["source"] is JsonValue source && source.GetValueKind() == JsonValueKind.String
        && source.GetValue<string>() == "figure";

    private static IEnumerable<string> Sorted(JsonArray items) =>
        items.Select(i => i?.ToJsonString() ?? "null").Order(StringComparer.Ordinal);

    private static string LastPropertyName(string path)
    {
        var segments = EntryPath.Parse(path);
        return segments.LastOrDefault() is EntryPath.Property property ? property.Name : "";
    }
}

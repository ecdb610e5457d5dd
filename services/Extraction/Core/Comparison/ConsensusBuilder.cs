using System.Text.Json;
using System.Text.Json.Nodes;
using EvSysReview.Extraction.Core.Forms;
using EvSysReview.Extraction.Core.Outcomes;

namespace EvSysReview.Extraction.Core.Comparison;

/// <summary>
/// Builds the consensus entry: a copy of one extractor's entry with the chosen values put in.
/// Validate the result against the form before finalising it.
/// </summary>
public static class ConsensusBuilder
{
    /// <exception cref="ArgumentException">A path does not lead anywhere in the base entry.</exception>
    public static ExtractionEntry Build(ExtractionEntry baseEntry, ExtractionEntry other, IEnumerable<ConsensusChoice> choices)
    {
        var document = EntryDiff.ToNode(baseEntry);
        var otherDocument = EntryDiff.ToNode(other);
        foreach (var choice in choices.Where(c => c.Source != ConsensusSource.Base))
        {
            var value = choice.Source == ConsensusSource.Other
                ? Find(otherDocument, EntryPath.Parse(choice.Path))
                : choice.Value;
            Set(document, choice.Path, value?.DeepClone());
        }

        var consensus = document.Deserialize<ExtractionEntry>(ExtractionJson.Options)!;
        return consensus with { ExtractorId = null };
    }

    private static JsonNode? Find(JsonNode? node, IReadOnlyList<EntryPath.Segment> segments)
    {
        string arrayName = "";
        foreach (var segment in segments)
        {
            switch (segment, node)
            {
                case (EntryPath.Property property, JsonObject item):
                    node = item[property.Name];
                    arrayName = property.Name;
                    break;
                case (EntryPath.Element element, JsonArray array):
                    var index = IndexOf(arrayName, array, element.Key);
                    node = index < 0 ? null : array[index];
                    break;
                default:
                    return null;
            }
        }

        return node;
    }

    private static void Set(JsonObject document, string path, JsonNode? value)
    {
        var segments = EntryPath.Parse(path);
        if (segments.Count == 0)
            throw new ArgumentException("An empty path cannot be chosen.", nameof(path));
        var parent = Find(document, segments.Take(segments.Count - 1).ToList());
        var arrayName = segments.Count > 1 && segments[^2] is EntryPath.Property p ? p.Name : "";
        switch (segments[^1], parent)
        {
            case (EntryPath.Property property, JsonObject item):
                if (value is null)
                    item.Remove(property.Name);
                else
                    item[property.Name] = value;
                break;
            case (EntryPath.Element element, JsonArray array):
                var index = IndexOf(arrayName, array, element.Key);
                if (index >= 0 && value is null)
                    array.RemoveAt(index);
                else if (index >= 0)
                    array[index] = value;
                else if (value is not null)
                    array.Add(value);
                break;
            default:
                throw new ArgumentException($"'{path}' does not lead to a place in the base entry.", nameof(path));
        }
    }

    private static int IndexOf(string arrayName, JsonArray array, string key)
    {
        var keys = EntryPath.KeysOf(arrayName, array);
        for (var i = 0; i < keys.Count; i++)
        {
            if (keys[i] == key)
                return i;
        }

        return -1;
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace EvSysReview.Extraction.Core.Forms;

/// <summary>The one JSON shape for forms, entries and results: camelCase names and enum values, nulls left out.</summary>
public static class ExtractionJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

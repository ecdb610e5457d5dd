using System.Text.Json;
using System.Text.Json.Serialization;

namespace EvSysReview.Screening.Http;

/// <summary>camelCase JSON with enums as camelCase strings, as every HTTP body of this module.</summary>
public static class ScreeningJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace EvSysReview.ServiceDefaults.Storage;

/// <summary>One JSON shape for stored documents and outbox payloads, so both stores read what the other wrote.</summary>
public static class StoreJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static T Read<T>(StoredDocument document) =>
        JsonSerializer.Deserialize<T>(document.Json, Options)
        ?? throw new InvalidOperationException($"Document {document.Collection}/{document.Id} is empty.");
}

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

    /// <summary>The document as <typeparamref name="T"/>; one that does not deserialise is a <see cref="StoredDocumentUnreadableException"/> (a 500, not the caller's 400).</summary>
    public static T Read<T>(StoredDocument document)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(document.Json, Options)
                ?? throw new InvalidOperationException($"Document {document.Collection}/{document.Id} is empty.");
        }
        catch (JsonException unreadable)
        {
            throw new StoredDocumentUnreadableException(document.Collection, document.Id, unreadable);
        }
    }
}

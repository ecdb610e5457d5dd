using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EvSysReview.Screening.Core.Ranking;

/// <summary>
/// A ranking's items as three base64 columns, {"count", "ids", "scores", "probabilities"}: item ids
/// (16 bytes each), scores and probabilities (IEEE doubles, little-endian; NaN for a missing
/// probability, and the column null when every one is missing). The stored ranking lists every open
/// item: as an array of objects 70,000 items made a 5.5–7.7 MB document, rewritten on every rerank
/// inside the store's one write transaction (decisions waited behind it); in columns it is 3 MB,
/// written and read three to five times faster (StoredRankingBenchmarks), and round-trips exactly.
/// Reads the earlier array form as well.
/// </summary>
public sealed class RankedItemsJsonConverter : JsonConverter<IReadOnlyList<RankedItem>>
{
    public override IReadOnlyList<RankedItem> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            // Written before the columns; the attribute sits on the property, so this does not recurse.
            return JsonSerializer.Deserialize<List<RankedItem>>(ref reader, options) ?? [];
        }

        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("A ranking's items are an array or an object of columns.");
        int? count = null;
        byte[]? ids = null, scores = null, probabilities = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "count": count = reader.GetInt32(); break;
                case "ids": ids = reader.GetBytesFromBase64(); break;
                case "scores": scores = reader.GetBytesFromBase64(); break;
                case "probabilities": probabilities = reader.TokenType == JsonTokenType.Null ? null : reader.GetBytesFromBase64(); break;
                default: reader.Skip(); break;
            }
        }

        var n = count ?? throw new JsonException("A ranking's columns need their count.");
        if (ids?.Length != n * 16 || scores?.Length != n * 8 || (probabilities is not null && probabilities.Length != n * 8))
        {
            throw new JsonException($"A ranking's columns do not hold {n} items.");
        }

        var items = new RankedItem[n];
        for (var i = 0; i < n; i++)
        {
            var probability = probabilities is null ? double.NaN : BinaryPrimitives.ReadDoubleLittleEndian(probabilities.AsSpan(i * 8));
            items[i] = new RankedItem(
                new Guid(ids.AsSpan(i * 16, 16)),
                BinaryPrimitives.ReadDoubleLittleEndian(scores.AsSpan(i * 8)),
                double.IsNaN(probability) ? null : probability);
        }

        return items;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<RankedItem> value, JsonSerializerOptions options)
    {
        var n = value.Count;
        var ids = new byte[n * 16];
        var scores = new byte[n * 8];
        var anyProbability = value.Any(r => r.Probability is not null);
        var probabilities = anyProbability ? new byte[n * 8] : null;
        for (var i = 0; i < n; i++)
        {
            value[i].ItemId.TryWriteBytes(ids.AsSpan(i * 16, 16));
            BinaryPrimitives.WriteDoubleLittleEndian(scores.AsSpan(i * 8), value[i].Score);
            if (probabilities is not null) BinaryPrimitives.WriteDoubleLittleEndian(probabilities.AsSpan(i * 8), value[i].Probability ?? double.NaN);
        }

        writer.WriteStartObject();
        writer.WriteNumber("count", n);
        writer.WriteBase64String("ids", ids);
        writer.WriteBase64String("scores", scores);
        if (probabilities is null) writer.WriteNull("probabilities");
        else writer.WriteBase64String("probabilities", probabilities);
        writer.WriteEndObject();
    }
}

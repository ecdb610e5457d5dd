using System.Text.Json;
using EvSysReview.ServiceDefaults.Storage;
using EvSysReview.ServiceDefaults.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace EvSysReview.Platform.Tests.Storage;

/// <summary>
/// Documents reach SQLite as the serialiser's UTF-8 bytes (DocumentWrite.Utf8Json), bound as a blob
/// and made TEXT by the statement: stored as text, character for character what the serialiser
/// wrote, and read back unchanged, on insert and on update alike.
/// </summary>
public sealed class SqliteDocumentTextTests
{
    private sealed record Citation(string Title, string Abstract, string[] Authors);

    private static (string Type, string Json) Raw(string path, string id)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT typeof(json), json FROM documents WHERE collection = 'citations' AND id = $i";
        command.Parameters.AddWithValue("$i", id);
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        return (reader.GetString(0), reader.GetString(1));
    }

    [Fact]
    public async Task A_document_with_non_ascii_text_is_stored_as_text_as_serialised_and_read_back_unchanged_after_insert_and_update()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("evsys-text-").FullName, "module.db");
        // Greek, umlauts, a character outside the BMP (a surrogate pair in .NET), quotes and a newline.
        var first = new Citation("α-Synuclein and MSC-EVs: \"exosomes\"", "Müller et al.\nβ-amyloid 𝛽 ≥ 2 µg", ["Müller, J.", "Ødegård, K."]);
        var second = first with { Title = "Ωmega: revised", Authors = ["Łukasz, P."] };
        using var store = new SqliteDocumentStore(path);

        await store.CommitAsync(new UnitOfWork().Put("citations", "c-1", "project", first, 0));
        var inserted = Raw(path, "c-1");
        Assert.Equal(("text", JsonSerializer.Serialize(first, StoreJson.Options)), inserted);
        Assert.Equal(first.Abstract, StoreJson.Read<Citation>((await store.GetAsync("citations", "c-1"))!).Abstract);

        await store.CommitAsync(new UnitOfWork().Put("citations", "c-1", "project", second, 1));
        Assert.Equal(("text", JsonSerializer.Serialize(second, StoreJson.Options)), Raw(path, "c-1"));
        var read = StoreJson.Read<Citation>((await store.GetAsync("citations", "c-1"))!);
        Assert.Equal((second.Title, second.Abstract, "Łukasz, P."), (read.Title, read.Abstract, read.Authors.Single()));
        Assert.Equal("Ωmega: revised", StoreJson.Read<Citation>((await store.ListAsync("citations", "project")).Single()).Title);
    }

    [Fact]
    public void A_write_keeps_the_serialisers_utf8_and_gives_the_same_text_as_a_string()
    {
        var citation = new Citation("β-amyloid 𝛽", "Ødegård", []);
        var write = new UnitOfWork().Put("citations", "c-1", "project", citation, 0).Writes.Single();

        Assert.Equal(JsonSerializer.SerializeToUtf8Bytes(citation, StoreJson.Options), write.Utf8Json);
        Assert.Equal(JsonSerializer.Serialize(citation, StoreJson.Options), write.Json);
        Assert.False(write.IsDelete);
        Assert.True(new UnitOfWork().Delete("citations", "c-1", "project", 1).Writes.Single() is { IsDelete: true, Json: null, Utf8Json: null });
    }
}

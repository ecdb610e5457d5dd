using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Storage;
using EvSysReview.ServiceDefaults.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace EvSysReview.Platform.Tests.Storage;

/// <summary>
/// The Idempotency-Key marks in SQLite's keyed table (WITHOUT ROWID, ordered by id): a file an earlier
/// version wrote moves its marks there when opened, and the ids of version 7 keys sort by time.
/// </summary>
public sealed class SqliteKeyedCollectionTests
{
    private static long RowsIn(string path, string table, string collection)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table} WHERE collection = $c";
        command.Parameters.AddWithValue("$c", collection);
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task Marks_an_earlier_version_kept_among_the_documents_move_to_the_keyed_table_with_their_versions()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("evsys-keyed-").FullName, "module.db");
        using (var before = new SqliteDocumentStore(path))
        {
            await before.CommitAsync(new UnitOfWork()
                .Put(AppliedCommand.Collection, "MARK-1", AppliedCommand.Partition, new AppliedCommand("fingerprint-1", DateTimeOffset.UtcNow, 204), null)
                .Put(AppliedCommand.Collection, "MARK-2", AppliedCommand.Partition, new AppliedCommand("fingerprint-2", DateTimeOffset.UtcNow), null)
                .Put("items", "item-1", "project", new { title = "stays" }, 0));
            await before.CommitAsync(new UnitOfWork().Put(AppliedCommand.Collection, "MARK-2", AppliedCommand.Partition, new AppliedCommand("fingerprint-2", DateTimeOffset.UtcNow), 1));
        }

        Assert.Equal(2, RowsIn(path, "documents", AppliedCommand.Collection));
        using var after = new SqliteDocumentStore(path, keyedCollections: [AppliedCommand.Collection]);

        Assert.Equal((0, 2, 1), (RowsIn(path, "documents", AppliedCommand.Collection), RowsIn(path, "keyed_documents", AppliedCommand.Collection), RowsIn(path, "documents", "items")));
        var first = await after.GetAsync(AppliedCommand.Collection, "MARK-1");
        var second = await after.GetAsync(AppliedCommand.Collection, "MARK-2");
        Assert.Equal((1L, 204), (first!.Version, StoreJson.Read<AppliedCommand>(first).Answer));
        Assert.Equal((2L, "fingerprint-2"), (second!.Version, StoreJson.Read<AppliedCommand>(second).RequestFingerprint));
        Assert.NotNull(await after.GetAsync("items", "item-1"));
        // A new mark goes to the keyed table only.
        await after.CommitAsync(new UnitOfWork().Put(AppliedCommand.Collection, "MARK-3", AppliedCommand.Partition, new AppliedCommand("fingerprint-3", DateTimeOffset.UtcNow), null));
        Assert.Equal((0, 3), (RowsIn(path, "documents", AppliedCommand.Collection), RowsIn(path, "keyed_documents", AppliedCommand.Collection)));
    }

    [Fact]
    public void A_version_7_key_puts_its_time_before_the_hash_so_later_keys_sort_after_earlier_ones_and_other_keys_keep_the_hash_alone()
    {
        var earlier = Guid.CreateVersion7(DateTimeOffset.Parse("2026-12-03T12:00:00Z"));
        var later = Guid.CreateVersion7(DateTimeOffset.Parse("2026-12-03T12:00:00.001Z"));
        var random = Guid.NewGuid();

        var earlierId = IdempotencyRecord.IdFor("bob", earlier.ToString());
        var laterId = IdempotencyRecord.IdFor("bob", later.ToString());

        Assert.Equal(76, earlierId.Length);
        Assert.Equal(earlier.ToString("N")[..12].ToUpperInvariant(), earlierId[..12]);
        Assert.True(string.CompareOrdinal(earlierId, laterId) < 0);
        // The user is part of the hash: the same key from two users is two ids, with the same time prefix.
        Assert.NotEqual(earlierId, IdempotencyRecord.IdFor("carol", earlier.ToString()));
        Assert.Equal(earlierId[..12], IdempotencyRecord.IdFor("carol", earlier.ToString())[..12]);
        Assert.Equal(64, IdempotencyRecord.IdFor("bob", random.ToString()).Length);
        Assert.Equal(64, IdempotencyRecord.IdFor("bob", "a retry of click 17").Length);
    }
}

using EvSysReview.ServiceDefaults.Storage;
using EvSysReview.ServiceDefaults.Storage.Sqlite;

namespace EvSysReview.Platform.Tests.Storage;

public sealed class SqliteDurabilityTests
{
    [Fact]
    public async Task Data_and_pending_events_survive_reopening_the_file()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("evsys-sqlite-").FullName, "durable.db");
        var store = new SqliteDocumentStore(path);
        var pending = new EvSysReview.Contracts.Reviews.ProjectCreated { ProjectId = Guid.NewGuid(), Title = "t", CreatedBy = "x" };
        await store.CommitAsync(new UnitOfWork().Put("notes", "kept", "p", new { text = "durable" }, 0).Publish(pending));

        var reopened = new SqliteDocumentStore(path);

        Assert.Equal(1, (await reopened.GetAsync("notes", "kept"))!.Version);
        Assert.Equal([pending.EventId], (await reopened.PendingOutboxAsync(10)).Select(m => m.MessageId));
    }

    [Fact]
    public async Task A_file_from_before_parking_gets_the_column_and_its_pending_events_are_still_handed_out()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("evsys-sqlite-").FullName, "old.db");
        await using (var old = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            old.Open();
            using var create = old.CreateCommand();
            // The outbox as versions before parking created it.
            create.CommandText = """
                CREATE TABLE outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, message_id TEXT NOT NULL UNIQUE, message_type TEXT NOT NULL, json TEXT NOT NULL,
                    created_at TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, dispatched_at TEXT NULL, trace_parent TEXT NULL);
                CREATE INDEX outbox_pending ON outbox (dispatched_at, seq);
                INSERT INTO outbox (message_id, message_type, json, created_at) VALUES ('7d0f5f52-6a4e-4b0e-9a51-3f4f1d2c9a01', 'Old', '{}', '2026-12-01T00:00:00.0000000+00:00');
                """;
            create.ExecuteNonQuery();
        }

        var store = new SqliteDocumentStore(path);

        var oldId = Guid.Parse("7d0f5f52-6a4e-4b0e-9a51-3f4f1d2c9a01");
        Assert.Equal([oldId], (await store.PendingOutboxAsync(10)).Select(m => m.MessageId));
        await store.ParkOutboxAsync([oldId]);
        Assert.Empty(await store.PendingOutboxAsync(10));
        Assert.Equal(1, await store.CountPendingOutboxAsync());
    }

    // Holding SQLite's write lock from another connection makes every commit queue, so they are
    // written as one group: the mixed outcomes below come out of a single transaction.
    [Fact]
    public async Task Commits_queued_behind_a_busy_file_are_written_as_one_group_each_on_its_own()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("evsys-sqlite-").FullName, "group.db");
        var store = new SqliteDocumentStore(path);
        await MixedCommits.SeedAsync(store);
        var before = await store.CountPendingOutboxAsync();
        await using var blocker = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        blocker.Open();
        using var hold = blocker.BeginTransaction(deferred: false);

        var sending = Enumerable.Range(0, MixedCommits.Count).Select(i => Task.Run(() => MixedCommits.SendAsync(store, i))).ToList();
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.All(sending, commit => Assert.False(commit.IsCompleted));
        hold.Rollback();
        var outcomes = await Task.WhenAll(sending);

        await MixedCommits.AssertEachOnItsOwnAsync(store, outcomes, before);
    }

    // The store keeps its connections open with their compiled statements (SqliteConnectionPool). A
    // statement left un-reset would hold its connection's read snapshot, and the next read there would
    // see the file as it was: here another store (another connection) writes between the reads.
    [Fact]
    public async Task A_kept_connection_reads_what_another_connection_wrote_since()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("evsys-sqlite-").FullName, "kept.db");
        using var reader = new SqliteDocumentStore(path);
        using var writer = new SqliteDocumentStore(path);
        await writer.CommitAsync(new UnitOfWork().Put("notes", "a", "p", new { text = "first" }, 0));
        Assert.Equal(1, (await reader.GetAsync("notes", "a"))!.Version);
        Assert.Single(await reader.ListAsync("notes", "p"));
        Assert.Equal(1, await reader.CountAsync("notes", "p"));

        await writer.CommitAsync(new UnitOfWork().Put("notes", "a", "p", new { text = "second" }, 1).Put("notes", "b", "p", new { text = "other" }, 0));

        var reread = await reader.GetAsync("notes", "a");
        Assert.Equal(2, reread!.Version);
        Assert.Contains("second", reread.Json, StringComparison.Ordinal);
        Assert.Equal(["a", "b"], (await reader.ListAsync("notes", "p")).Select(d => d.Id));
        Assert.Equal(2, await reader.CountAsync("notes", "p"));
    }

    // The WAL is copied back into the database file by the store's background checkpointer
    // (SqliteWalCheckpointer): one small commit leaves a WAL of a few pages, far below the 1,000 at
    // which SQLite itself would checkpoint, yet the database file alone soon holds it.
    [Fact]
    public async Task A_commit_reaches_the_database_file_in_the_background_soon_after()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("evsys-sqlite-").FullName, "checkpointed.db");
        using var store = new SqliteDocumentStore(path, checkpointInterval: TimeSpan.FromMilliseconds(20));
        await store.CommitAsync(new UnitOfWork().Put("notes", "kept", "p", new { text = "checkpointed" }, 0));

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        long inFile;
        do
        {
            await Task.Delay(50);
            inFile = DocumentsInTheFileAlone(path, "kept");
        }
        while (inFile == 0 && DateTime.UtcNow < deadline);

        Assert.Equal(1, inFile);
    }

    // The other half: commits no longer checkpoint themselves. Over 1,000 pages of WAL (about 6 MB
    // here) SQLite's default would have copied them back inside one of these commits; with the
    // background interval set beyond the test, the database file alone still has only what was
    // checkpointed by hand before them.
    [Fact]
    public async Task Commits_past_SQLites_automatic_checkpoint_leave_the_copy_to_the_background()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("evsys-sqlite-").FullName, "deferred.db");
        using var store = new SqliteDocumentStore(path, checkpointInterval: TimeSpan.FromHours(1));
        await store.CommitAsync(new UnitOfWork().Put("notes", "before", "p", new { text = "first" }, 0));
        using (var byHand = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            byHand.Open();
            using var checkpoint = byHand.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            checkpoint.ExecuteNonQuery();
        }

        var text = new string('x', 100_000);
        for (var i = 0; i < 60; i++) await store.CommitAsync(new UnitOfWork().Put("notes", $"large-{i}", "p", new { text }, 0));

        Assert.True(new FileInfo(path + "-wal").Length > 1_000 * 4_096, "the WAL should have passed SQLite's automatic checkpoint");
        Assert.Equal(1, DocumentsInTheFileAlone(path, null));
        Assert.Equal(61, await store.CountAsync("notes", "p"));
    }

    /// <summary>Documents (with this id, or all) in a copy of the database file without its WAL:
    /// what has been checkpointed. A copy taken mid-checkpoint can be torn; it counts as nothing yet.</summary>
    private static long DocumentsInTheFileAlone(string path, string? id)
    {
        var copy = Path.Combine(Directory.CreateTempSubdirectory("evsys-sqlite-copy-").FullName, "copy.db");
        File.Copy(path, copy);
        try
        {
            using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={copy};Pooling=False");
            connection.Open();
            using var count = connection.CreateCommand();
            count.CommandText = id is null ? "SELECT COUNT(*) FROM documents" : "SELECT COUNT(*) FROM documents WHERE id = $i";
            if (id is not null) count.Parameters.AddWithValue("$i", id);
            return (long)count.ExecuteScalar()!;
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            return 0;
        }
    }
}

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
}

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
}

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
}

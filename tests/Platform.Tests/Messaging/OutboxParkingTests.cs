using EvSysReview.Contracts;
using EvSysReview.Contracts.Screening;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Storage;
using EvSysReview.ServiceDefaults.Storage.Sqlite;
using MassTransit.Testing;
using Microsoft.Data.Sqlite;

namespace EvSysReview.Platform.Tests.Messaging;

/// <summary>
/// Outbox rows the dispatcher cannot publish (a type this build does not know, JSON that does not
/// read) are parked, so they neither block the events behind them nor keep the dispatcher busy.
/// A real SQLite outbox; MassTransit's in-memory test harness as the bus.
/// </summary>
public sealed class OutboxParkingTests
{
    public sealed class OutboxModule : IServiceModule
    {
        public static string Name => "outbox-parking-test";
    }

    /// <summary>Not in the contracts assembly, so unknown to the dispatcher (as a type a newer build wrote would be).</summary>
    public sealed record UnknownEvent : IntegrationEvent;

    [Fact]
    public async Task A_hundred_and_fifty_unknown_rows_and_an_unreadable_one_are_parked_and_the_event_behind_them_is_published()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("evsys-outbox-").FullName, "outbox.db");
        var store = new ModuleStore<OutboxModule>(new SqliteDocumentStore(path));
        var work = new UnitOfWork();
        for (var i = 0; i < 150; i++) work.Publish(new UnknownEvent());
        var unreadable = new RecordAdvanced { RecordId = Guid.NewGuid(), FromStage = "title-abstract", ToStage = "full-text" };
        var advanced = new RecordAdvanced { RecordId = Guid.NewGuid(), FromStage = "title-abstract", ToStage = "full-text" };
        work.Publish(unreadable).Publish(advanced);
        await store.CommitAsync(work);
        await CorruptAsync(path, unreadable.EventId);

        await using var bus = await HarnessDispatcher<OutboxModule>.StartAsync(store);

        // Round 1 parks the first 100 unknown rows; round 2 parks the other 50 and the unreadable one and
        // sends the event behind them; round 3 finds nothing. Each round counts only what it sent.
        int[] sent = [await bus.DispatchAsync(), await bus.DispatchAsync(), await bus.DispatchAsync()];

        Assert.Equal([0, 1, 0], sent);
        Assert.Equal(advanced.EventId, ((RecordAdvanced)Assert.Single(bus.Harness.Published.Select<RecordAdvanced>()).MessageObject).EventId);
        Assert.Empty(await store.PendingOutboxAsync(1000));
        // Parked rows stay in the backlog an operator watches: they were never sent.
        Assert.Equal(151, await store.CountPendingOutboxAsync());
    }

    /// <summary>JSON that no longer reads as its type (written by hand, or by a build with another shape).</summary>
    private static async Task CorruptAsync(string path, Guid messageId)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=false");
        await connection.OpenAsync();
        var command = connection.CreateCommand();
        command.CommandText = "UPDATE outbox SET json = '{\"eventId\": 42' WHERE message_id = $m";
        command.Parameters.AddWithValue("$m", messageId.ToString());
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}

using EvSysReview.Contracts;
using EvSysReview.Contracts.Screening;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Storage;
using EvSysReview.ServiceDefaults.Storage.Sqlite;
using MassTransit;
using MassTransit.Testing;

namespace EvSysReview.Platform.Tests.Messaging;

/// <summary>
/// How one dispatcher round cuts what waits in a real SQLite outbox into broker messages (MassTransit's
/// in-memory test harness as the bus; the real broker carries batches in Integration.Tests).
/// </summary>
public sealed class OutboxBatchingTests
{
    public sealed class OutboxModule : IServiceModule
    {
        public static string Name => "outbox-batching-test";
    }

    private static async Task<(ModuleStore<OutboxModule> Store, List<Guid> Excluded, Guid Advanced)> OutboxWithAsync(int exclusions)
    {
        var store = new ModuleStore<OutboxModule>(new SqliteDocumentStore(Path.Combine(Directory.CreateTempSubdirectory("evsys-outbox-").FullName, "outbox.db")));
        var work = new UnitOfWork();
        var excluded = new List<Guid>();
        for (var i = 0; i < exclusions; i++)
        {
            var exclusion = new StudyExcluded { StudyId = Guid.NewGuid(), Stage = "title-abstract", Reason = $"reason {i}" };
            excluded.Add(exclusion.EventId);
            work.Publish(exclusion);
        }

        var advanced = new RecordAdvanced { RecordId = Guid.NewGuid(), FromStage = "title-abstract", ToStage = "full-text" };
        work.Publish(advanced);
        await store.CommitAsync(work);
        return (store, excluded, advanced.EventId);
    }

    [Fact]
    public async Task Seventy_waiting_exclusions_go_out_as_batches_of_32_32_and_6_and_a_lone_event_as_itself()
    {
        var (store, excluded, advanced) = await OutboxWithAsync(70);

        await using var bus = await HarnessDispatcher<OutboxModule>.StartAsync(store);
        var sent = await bus.DispatchAsync();
        var harness = bus.Harness;

        Assert.Equal(71, sent);
        var batches = harness.Published.Select<EventBatch<StudyExcluded>>().Select(p => ((EventBatch<StudyExcluded>)p.MessageObject).Events).ToList();
        Assert.Equal([6, 32, 32], batches.Select(b => b.Count).Order());
        Assert.Equal(excluded.Order(), batches.SelectMany(b => b).Select(e => e.Event.EventId).Order());
        Assert.Equal("reason 69", batches.SelectMany(b => b).Single(e => e.Event.EventId == excluded[69]).Event.Reason);
        Assert.False(harness.Published.Select<StudyExcluded>().Any());
        Assert.Equal(advanced, ((RecordAdvanced)Assert.Single(harness.Published.Select<RecordAdvanced>()).MessageObject).EventId);
        Assert.False(harness.Published.Select<EventBatch<RecordAdvanced>>().Any());
        Assert.Equal(0, await store.CountPendingOutboxAsync());
    }

    [Fact]
    public async Task With_one_event_per_message_every_event_goes_out_as_itself()
    {
        var (store, excluded, _) = await OutboxWithAsync(5);

        await using var bus = await HarnessDispatcher<OutboxModule>.StartAsync(store, new OutboxOptions { MaxEventsPerMessage = 1 });
        var sent = await bus.DispatchAsync();
        var harness = bus.Harness;

        Assert.Equal(6, sent);
        Assert.Equal(excluded.Order(), harness.Published.Select<StudyExcluded>().Select(p => ((StudyExcluded)p.MessageObject).EventId).Order());
        Assert.False(harness.Published.Select<EventBatch<StudyExcluded>>().Any());
        Assert.Equal(0, await store.CountPendingOutboxAsync());
    }
}

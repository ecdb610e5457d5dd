using EvSysReview.Contracts.Reviews;
using EvSysReview.ServiceDefaults.Storage;
using EvSysReview.ServiceDefaults.Storage.Retention;

namespace EvSysReview.Platform.Tests.Storage;

/// <summary>
/// The purge every engine must do the same way: old rows of each part go, newer rows and pending
/// outbox messages stay. "Old" is told apart by the real clock: rows written, a pause, the cutoff
/// taken, a pause, more rows written.
/// </summary>
public sealed class StoreRetentionContract
{
    public static TheoryData<string> Engines => StoreEngines.Available;

    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(30);

    private sealed record Note(string Text);

    private static async Task<DateTimeOffset> CutoffBetweenAsync()
    {
        await Task.Delay(Pause);
        var cutoff = DateTimeOffset.UtcNow;
        await Task.Delay(Pause);
        return cutoff;
    }

    private static ProjectCreated Event() => new() { ProjectId = Guid.NewGuid(), Title = "t", CreatedBy = "x" };

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Sent_outbox_messages_older_than_the_cutoff_go_and_pending_ones_stay_however_old(string engine)
    {
        var store = await StoreEngines.CreateAsync(engine);
        var (oldSent, oldPending, newSent) = (Event(), Event(), Event());
        foreach (var e in new[] { oldSent, oldPending, newSent }) await store.CommitAsync(new UnitOfWork().Publish(e));
        await store.MarkDispatchedAsync([oldSent.EventId]);
        var cutoff = await CutoffBetweenAsync();
        await store.MarkDispatchedAsync([newSent.EventId]);

        var purged = await store.PurgeAsync(new PurgeRequest { SentOutboxBefore = cutoff });
        var everything = await store.PurgeAsync(new PurgeRequest { SentOutboxBefore = DateTimeOffset.UtcNow.AddMinutes(1) });

        Assert.Equal(new PurgeResult(1, 0, 0), purged);
        Assert.Equal(new PurgeResult(1, 0, 0), everything);
        Assert.Equal([oldPending.EventId], (await store.PendingOutboxAsync(100)).Select(m => m.MessageId));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Inbox_entries_older_than_the_cutoff_go_so_only_those_messages_could_apply_again(string engine)
    {
        var store = await StoreEngines.CreateAsync(engine);
        var (old, recent) = (Guid.NewGuid(), Guid.NewGuid());
        await store.CommitAsync(new UnitOfWork().MarkApplied("counter", old).Put("notes", "old", "p", new Note("old"), 0));
        var cutoff = await CutoffBetweenAsync();
        await store.CommitAsync(new UnitOfWork().MarkApplied("counter", recent).Put("notes", "recent", "p", new Note("recent"), 0));

        var purged = await store.PurgeAsync(new PurgeRequest { InboxBefore = cutoff });

        Assert.Equal(new PurgeResult(0, 1, 0), purged);
        Assert.False(await store.IsAppliedAsync("counter", old));
        Assert.True(await store.IsAppliedAsync("counter", recent));
        // Only the inbox: the documents the old message wrote stay.
        Assert.NotNull(await store.GetAsync("notes", "old"));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Documents_of_an_expiring_collection_go_by_their_last_write_and_other_collections_stay(string engine)
    {
        var store = await StoreEngines.CreateAsync(engine);
        await store.CommitAsync(new UnitOfWork()
            .Put("keys", "untouched", "u", new Note("old"), 0)
            .Put("keys", "rewritten", "u", new Note("old"), 0)
            .Put("notes", "kept", "u", new Note("another collection"), 0));
        var cutoff = await CutoffBetweenAsync();
        await store.CommitAsync(new UnitOfWork().Put("keys", "rewritten", "u", new Note("written again"), 1).Put("keys", "recent", "u", new Note("new"), 0));

        var purged = await store.PurgeAsync(new PurgeRequest { DocumentsBefore = new Dictionary<string, DateTimeOffset> { ["keys"] = cutoff } });

        Assert.Equal(new PurgeResult(0, 0, 1), purged);
        Assert.Null(await store.GetAsync("keys", "untouched"));
        Assert.Equal(2, (await store.GetAsync("keys", "rewritten"))!.Version);
        Assert.NotNull(await store.GetAsync("keys", "recent"));
        Assert.NotNull(await store.GetAsync("notes", "kept"));
    }

    // More rows than one SQLite batch, with commits running beside the purge: every old row goes,
    // and none of the commits made meanwhile is lost or refused.
    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_purge_larger_than_a_batch_removes_every_old_row_while_commits_go_on(string engine)
    {
        var store = await StoreEngines.CreateAsync(engine);
        var old = Enumerable.Range(0, SqliteBatches * 2 + 500).Select(_ => Guid.NewGuid()).ToList();
        await Task.WhenAll(old.Select(id => store.CommitAsync(new UnitOfWork().MarkApplied("counter", id))));
        var cutoff = await CutoffBetweenAsync();

        var meanwhile = Enumerable.Range(0, 200).Select(_ => Guid.NewGuid()).ToList();
        var purge = store.PurgeAsync(new PurgeRequest { InboxBefore = cutoff });
        var commits = await Task.WhenAll(meanwhile.Select(id => store.CommitAsync(new UnitOfWork().MarkApplied("counter", id))));

        Assert.Equal(old.Count, (await purge).Inbox);
        Assert.All(commits, result => Assert.Equal(CommitResult.Committed, result));
        foreach (var id in old.Take(5).Concat(old.TakeLast(5))) Assert.False(await store.IsAppliedAsync("counter", id));
        foreach (var id in meanwhile) Assert.True(await store.IsAppliedAsync("counter", id));
        Assert.Equal(PurgeResult.None, await store.PurgeAsync(new PurgeRequest { InboxBefore = cutoff }));
    }

    private const int SqliteBatches = ServiceDefaults.Storage.Sqlite.SqliteDocumentStore.PurgeBatchSize;
}

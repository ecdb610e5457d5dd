using EvSysReview.Contracts.Reviews;
using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.Platform.Tests.Storage;

/// <summary>
/// The storage contract every engine must keep: each test runs once per engine in
/// <see cref="StoreEngines.Available"/> — SQLite always, MongoDB wherever one is reachable (see
/// MongoContractAvailability for the stated skip otherwise).
/// </summary>
public sealed class DocumentStoreContract
{
    public static TheoryData<string> Engines => StoreEngines.Available;

    private sealed record Note(string Text);

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_new_document_starts_at_version_1_and_reads_back(string engine)
    {
        var store = await StoreEngines.CreateAsync(engine);
        await store.CommitAsync(new UnitOfWork().Put("notes", "a", "p1", new Note("first"), 0));
        var stored = await store.GetAsync("notes", "a");
        Assert.NotNull(stored);
        Assert.Equal(1, stored.Version);
        Assert.Equal("p1", stored.Partition);
        Assert.Equal("first", StoreJson.Read<Note>(stored).Text);
    }

    // Screening's in-memory mirrors take a committed write's version from DocumentWrite.CommittedVersion
    // instead of reading it back: every engine must give the document exactly that version.
    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_committed_write_has_the_version_its_CommittedVersion_says(string engine)
    {
        var store = await StoreEngines.CreateAsync(engine);
        var versions = new List<(long? Said, long Stored)>();
        for (var expected = 0L; expected < 3; expected++)
        {
            var work = new UnitOfWork().Put("notes", "v", "p1", new Note($"v{expected + 1}"), expected);
            await store.CommitAsync(work);
            versions.Add((work.Writes[0].CommittedVersion, (await store.GetAsync("notes", "v"))!.Version));
        }

        Assert.Equal([(1L, 1L), (2L, 2L), (3L, 3L)], versions);
        Assert.Null(new UnitOfWork().Put("notes", "w", "p1", new Note("any"), null).Writes[0].CommittedVersion);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_conditional_update_with_a_stale_version_writes_nothing_at_all(string engine)
    {
        var store = await StoreEngines.CreateAsync(engine);
        await store.CommitAsync(new UnitOfWork().Put("notes", "b", "p1", new Note("v1"), 0));
        await store.CommitAsync(new UnitOfWork().Put("notes", "b", "p1", new Note("v2"), 1));
        var stale = new UnitOfWork()
            .Put("notes", "c", "p1", new Note("other document"), 0)
            .Put("notes", "b", "p1", new Note("lost update"), 1)
            .Publish(new ProjectCreated { ProjectId = Guid.NewGuid(), Title = "t", CreatedBy = "x" });
        var before = await store.CountPendingOutboxAsync();

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.CommitAsync(stale));

        Assert.Equal(1, conflict.ExpectedVersion);
        Assert.Equal(2, conflict.ActualVersion);
        Assert.Equal("v2", StoreJson.Read<Note>((await store.GetAsync("notes", "b"))!).Text);
        Assert.Null(await store.GetAsync("notes", "c"));
        Assert.Equal(before, await store.CountPendingOutboxAsync());
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Inserting_a_document_that_exists_is_a_conflict(string engine)
    {
        var store = await StoreEngines.CreateAsync(engine);
        await store.CommitAsync(new UnitOfWork().Put("notes", "d", "p1", new Note("one"), 0));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.CommitAsync(new UnitOfWork().Put("notes", "d", "p1", new Note("two"), 0)));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Of_parallel_writers_at_the_same_version_exactly_one_wins(string engine)
    {
        var store = await StoreEngines.CreateAsync(engine);
        await store.CommitAsync(new UnitOfWork().Put("notes", "e", "p1", new Note("start"), 0));
        var attempts = Enumerable.Range(0, 8).Select(async i =>
        {
            try
            {
                await store.CommitAsync(new UnitOfWork().Put("notes", "e", "p1", new Note($"writer {i}"), 1));
                return true;
            }
            catch (ConcurrencyConflictException)
            {
                return false;
            }
        });
        var results = await Task.WhenAll(attempts);
        Assert.Equal(1, results.Count(won => won));
        Assert.Equal(2, (await store.GetAsync("notes", "e"))!.Version);
    }

    // SQLite writes commits that arrive together in one transaction (group commit): a unit that
    // conflicts or was already applied must fail alone, and the others must still land whole.
    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Commits_sent_together_succeed_or_fail_each_on_its_own(string engine)
    {
        var store = await StoreEngines.CreateAsync(engine);
        await MixedCommits.SeedAsync(store);
        var before = await store.CountPendingOutboxAsync();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, MixedCommits.Count).Select(i => Task.Run(() => MixedCommits.SendAsync(store, i))));

        await MixedCommits.AssertEachOnItsOwnAsync(store, outcomes, before);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task The_same_inbox_message_applies_once(string engine)
    {
        var store = await StoreEngines.CreateAsync(engine);
        var messageId = Guid.NewGuid();
        var first = await store.CommitAsync(new UnitOfWork().MarkApplied("counter", messageId).Put("notes", "f", "p1", new Note("applied"), 0));
        var second = await store.CommitAsync(new UnitOfWork().MarkApplied("counter", messageId).Put("notes", "g", "p1", new Note("applied twice"), 0));

        Assert.Equal(CommitResult.Committed, first);
        Assert.Equal(CommitResult.AlreadyApplied, second);
        Assert.Null(await store.GetAsync("notes", "g"));
        Assert.True(await store.IsAppliedAsync("counter", messageId));
        Assert.False(await store.IsAppliedAsync("another-consumer", messageId));
    }

    // IdempotentConsumer applies a message without reading the inbox first and relies on the
    // commit to spot a redelivery: by then the redelivery's writes expect versions that the first
    // delivery moved on, and the answer must still be "already applied", not a version conflict.
    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_redelivery_with_stale_writes_is_already_applied_not_a_conflict(string engine)
    {
        var store = await StoreEngines.CreateAsync(engine);
        var messageId = Guid.NewGuid();
        Assert.Equal(CommitResult.Committed, await store.CommitAsync(new UnitOfWork().MarkApplied("counter", messageId).Put("notes", "s", "p1", new Note("first"), 0)));

        var redelivery = await store.CommitAsync(new UnitOfWork().MarkApplied("counter", messageId).Put("notes", "s", "p1", new Note("again"), 0));

        Assert.Equal(CommitResult.AlreadyApplied, redelivery);
        var stored = (await store.GetAsync("notes", "s"))!;
        Assert.Equal(1, stored.Version);
        Assert.Contains("first", stored.Json);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task The_outbox_hands_out_pending_events_in_commit_order_until_marked_sent(string engine)
    {
        var store = await StoreEngines.CreateAsync(engine);
        var projectId = Guid.NewGuid();
        var events = Enumerable.Range(0, 3).Select(i => new ProjectCreated { ProjectId = projectId, Title = $"t{i}", CreatedBy = "x" }).ToList();
        foreach (var e in events) await store.CommitAsync(new UnitOfWork().Publish(e));

        var pending = (await store.PendingOutboxAsync(100)).Where(m => events.Any(e => e.EventId == m.MessageId)).ToList();
        Assert.Equal(events.Select(e => e.EventId), pending.Select(m => m.MessageId));
        Assert.Equal(typeof(ProjectCreated).FullName, pending[0].MessageType);

        await store.MarkDispatchedAsync([events[0].EventId, events[2].EventId]);
        var left = (await store.PendingOutboxAsync(100)).Select(m => m.MessageId).ToList();
        Assert.DoesNotContain(events[0].EventId, left);
        Assert.DoesNotContain(events[2].EventId, left);
        Assert.Contains(events[1].EventId, left);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_parked_outbox_event_is_no_longer_handed_out_but_still_counted_as_unsent(string engine)
    {
        var store = await StoreEngines.CreateAsync(engine);
        var projectId = Guid.NewGuid();
        var events = Enumerable.Range(0, 2).Select(i => new ProjectCreated { ProjectId = projectId, Title = $"t{i}", CreatedBy = "x" }).ToList();
        var before = await store.CountPendingOutboxAsync();
        foreach (var e in events) await store.CommitAsync(new UnitOfWork().Publish(e));

        await store.ParkOutboxAsync([events[0].EventId]);

        var left = (await store.PendingOutboxAsync(1000)).Select(m => m.MessageId).ToList();
        Assert.DoesNotContain(events[0].EventId, left);
        Assert.Contains(events[1].EventId, left);
        Assert.Equal(before + 2, await store.CountPendingOutboxAsync());
    }

    // The dispatcher leaves out a type the broker returned (no queue bound yet), so that its rows do
    // not fill every read and hold up the types behind them.
    [Theory]
    [MemberData(nameof(Engines))]
    public async Task The_outbox_leaves_out_the_types_it_is_asked_to_skip(string engine)
    {
        var store = await StoreEngines.CreateAsync(engine);
        var projectId = Guid.NewGuid();
        var held = Enumerable.Range(0, 3).Select(i => new ProjectCreated { ProjectId = projectId, Title = $"t{i}", CreatedBy = "x" }).ToList();
        var behind = new MemberJoined { ProjectId = projectId, Username = "x", Role = "lead", MembershipVersion = 1 };
        foreach (var e in held) await store.CommitAsync(new UnitOfWork().Publish(e));
        await store.CommitAsync(new UnitOfWork().Publish(behind));
        bool Ours(OutboxMessage m) => m.MessageId == behind.EventId || held.Any(e => e.EventId == m.MessageId);

        var skipping = (await store.PendingOutboxAsync(1000, [typeof(ProjectCreated).FullName!])).Where(Ours).Select(m => m.MessageId);
        var all = (await store.PendingOutboxAsync(1000, [])).Where(Ours).Select(m => m.MessageId);

        Assert.Equal([behind.EventId], skipping);
        Assert.Equal([.. held.Select(e => e.EventId), behind.EventId], all);
    }

    // What an operator reads for a type held back: the rows of that type still to go out, not the
    // ones sent or parked, nor other types', and since when the oldest of them waits (the time it was
    // written, which a restarted dispatcher cannot know from memory).
    [Theory]
    [MemberData(nameof(Engines))]
    public async Task The_outbox_counts_the_waiting_events_of_one_type_and_says_when_the_oldest_was_written(string engine)
    {
        var store = await StoreEngines.CreateAsync(engine);
        var projectId = Guid.NewGuid();
        var type = typeof(ProjectCreated).FullName!;
        Assert.Equal(new WaitingOutbox(0, null), await store.WaitingOutboxAsync(type));
        var held = Enumerable.Range(0, 4).Select(i => new ProjectCreated { ProjectId = projectId, Title = $"t{i}", CreatedBy = "x" }).ToList();
        foreach (var e in held)
        {
            await store.CommitAsync(new UnitOfWork().Publish(e));
            await Task.Delay(5); // distinct times, so the oldest is one row's and not a tie
        }

        await store.CommitAsync(new UnitOfWork().Publish(new MemberJoined { ProjectId = projectId, Username = "x", Role = "lead", MembershipVersion = 1 }));
        var written = (await store.PendingOutboxAsync(1000)).ToDictionary(m => m.MessageId, m => m.CreatedAt);

        await store.MarkDispatchedAsync([held[0].EventId]);
        await store.ParkOutboxAsync([held[1].EventId]);

        var waiting = await store.WaitingOutboxAsync(type);
        Assert.Equal(2, waiting.Count);
        Assert.Equal(written[held[2].EventId], waiting.OldestCreatedAt);
        Assert.True(written[held[1].EventId] < waiting.OldestCreatedAt, "the parked row's older time is not the type's");
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_partition_lists_and_counts_its_documents_in_insertion_order_and_deletes_take_effect(string engine)
    {
        var store = await StoreEngines.CreateAsync(engine);
        var partition = Guid.NewGuid().ToString("N");
        foreach (var id in new[] { "z", "a", "m" }) await store.CommitAsync(new UnitOfWork().Put("items", $"{partition}-{id}", partition, new Note(id), 0));
        await store.CommitAsync(new UnitOfWork().Put("items", "elsewhere", "another-partition", new Note("x"), null));

        Assert.Equal(["z", "a", "m"], (await store.ListAsync("items", partition)).Select(d => StoreJson.Read<Note>(d).Text));
        Assert.Equal(3, await store.CountAsync("items", partition));

        await store.CommitAsync(new UnitOfWork().Delete("items", $"{partition}-a", partition, 1));
        Assert.Equal(["z", "m"], (await store.ListAsync("items", partition)).Select(d => StoreJson.Read<Note>(d).Text));
        Assert.Equal(2, await store.CountAsync("items", partition));
        Assert.Equal(0, await store.CountAsync("other-items", partition));
    }

    // The SQLite engine assigns the partition only when a write changes it (an index page less per
    // update); a rewrite under another partition must still move the document, and updates in place
    // must keep its place in the listing.
    [Theory]
    [MemberData(nameof(Engines))]
    public async Task An_update_keeps_a_document_in_its_place_and_a_new_partition_moves_it(string engine)
    {
        var store = await StoreEngines.CreateAsync(engine);
        var (first, second) = (Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));
        foreach (var id in new[] { "k", "b" }) await store.CommitAsync(new UnitOfWork().Put("items", $"{first}-{id}", first, new Note(id), 0));
        await store.CommitAsync(new UnitOfWork().Put("items", $"{first}-k", first, new Note("k2"), 1));
        Assert.Equal(["k2", "b"], (await store.ListAsync("items", first)).Select(d => StoreJson.Read<Note>(d).Text));

        await store.CommitAsync(new UnitOfWork().Put("items", $"{first}-k", second, new Note("k3"), 2));

        Assert.Equal(["b"], (await store.ListAsync("items", first)).Select(d => StoreJson.Read<Note>(d).Text));
        Assert.Equal(["k3"], (await store.ListAsync("items", second)).Select(d => StoreJson.Read<Note>(d).Text));
        Assert.Equal((1, 1), (await store.CountAsync("items", first), await store.CountAsync("items", second)));
        var moved = await store.GetAsync("items", $"{first}-k");
        Assert.Equal((second, 3L), (moved!.Partition, moved.Version));
    }
}

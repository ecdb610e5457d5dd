using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using EvSysReview.ServiceDefaults.Storage;
using EvSysReview.ServiceDefaults.Storage.Retention;
using EvSysReview.ServiceDefaults.Storage.Sqlite;

namespace EvSysReview.Benchmarks.Storage;

/// <summary>
/// An hour's retention purge on the SQLite store: <see cref="OldRows"/> old inbox entries, as many
/// sent outbox messages and as many Idempotency-Key records, in a file that also holds 20,000
/// unsent outbox messages and 20,000 documents of another collection, which the purge keeps. Each
/// iteration first writes the old rows again (not timed). The write lock is held one batch of 1,000
/// rows at a time, so a commit beside the purge waits at most about Mean ÷ (3 × OldRows ÷ 1,000).
/// `dotnet tests/Benchmarks/bin/Release/net10.0/EvSysReview.Benchmarks.dll --filter '*RetentionPurge*'` from the repository root.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class RetentionPurgeBenchmarks
{
    private const int KeptRows = 20_000;

    private SqliteDocumentStore _store = null!;
    private string _directory = "";
    private DateTimeOffset _cutoff;

    [Params(10_000)]
    public int OldRows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("evsys-retention-").FullName;
        _store = new SqliteDocumentStore(Path.Combine(_directory, "bench.db"));
        Task.WhenAll(Enumerable.Range(0, KeptRows).Select(i => _store.CommitAsync(new UnitOfWork()
            .Publish(new EvSysReview.Contracts.Reviews.ProjectCreated { ProjectId = Guid.NewGuid(), Title = "unsent", CreatedBy = "bench" })
            .Put("records", $"r{i}", "p", new { i }, 0)))).GetAwaiter().GetResult();
    }

    [IterationSetup]
    public void WriteOldRows()
    {
        WriteRows(OldRows);
        Thread.Sleep(20);
        _cutoff = DateTimeOffset.UtcNow;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _store.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark]
    public async Task<PurgeResult> Purge()
    {
        var result = await _store.PurgeAsync(new PurgeRequest
        {
            SentOutboxBefore = _cutoff,
            InboxBefore = _cutoff,
            DocumentsBefore = new Dictionary<string, DateTimeOffset> { ["idempotency"] = _cutoff },
        });
        if (result.Total != 3L * OldRows) throw new InvalidOperationException($"purged {result.Total} rows, expected {3L * OldRows}");
        return result;
    }

    private void WriteRows(int count)
    {
        var messages = Enumerable.Range(0, count)
            .Select(_ => new EvSysReview.Contracts.Reviews.ProjectCreated { ProjectId = Guid.NewGuid(), Title = "event", CreatedBy = "bench" })
            .ToList();
        Task.WhenAll(messages.Select(message => _store.CommitAsync(new UnitOfWork()
            .MarkApplied("old", Guid.NewGuid())
            .Publish(message)
            .Put("idempotency", Guid.NewGuid().ToString("N"), "alice", new { status = 201, body = "{}" }, 0)))).GetAwaiter().GetResult();
        foreach (var batch in messages.Select(m => m.EventId).Chunk(500)) _store.MarkDispatchedAsync(batch).GetAwaiter().GetResult();
    }
}

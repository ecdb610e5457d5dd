using BenchmarkDotNet.Attributes;
using EvSysReview.ServiceDefaults.Storage;
using EvSysReview.ServiceDefaults.Storage.Sqlite;

namespace EvSysReview.Benchmarks.Storage;

/// <summary>
/// The SQLite store's group commit against one transaction per commit (CommitsPerTransaction = 1,
/// the store before group commit), for what a consumer writes per event: one document update,
/// one inbox row and one outbox event, from 1 or 32 concurrent writers (32 = a consumer endpoint's
/// prefetch). 512 commits per operation on a file that already holds 20,000 documents.
/// `dotnet run -c Release --project tests/Benchmarks -- --filter '*GroupCommit*' --job short`
/// </summary>
[MemoryDiagnoser]
public class GroupCommitBenchmarks
{
    private const int CommitsPerOperation = 512;
    private const int ExistingDocuments = 20_000;

    private SqliteDocumentStore _store = null!;
    private string _directory = "";

    [Params(1, SqliteDocumentStore.DefaultCommitsPerTransaction)]
    public int CommitsPerTransaction { get; set; }

    [Params(1, 32)]
    public int Writers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("evsys-groupcommit-").FullName;
        _store = new SqliteDocumentStore(Path.Combine(_directory, "bench.db"), CommitsPerTransaction);
        var seed = new UnitOfWork();
        for (var i = 0; i < ExistingDocuments; i++) seed.Put("records", $"r{i}", "p", new Record(i, false), 0);
        _store.CommitAsync(seed).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark(OperationsPerInvoke = CommitsPerOperation)]
    public async Task CommitEvents()
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < CommitsPerOperation)
            {
                var id = $"r{Random.Shared.Next(ExistingDocuments)}";
                var work = new UnitOfWork()
                    .MarkApplied("bench", Guid.NewGuid())
                    .Put("records", id, "p", new Record(i, true), expectedVersion: null)
                    .Publish(new EvSysReview.Contracts.Reviews.ProjectCreated { ProjectId = Guid.NewGuid(), Title = "event", CreatedBy = "bench" });
                await _store.CommitAsync(work);
            }
        })));
    }

    private sealed record Record(int Value, bool Decided);
}

using BenchmarkDotNet.Attributes;
using EvSysReview.ServiceDefaults.Storage;
using EvSysReview.ServiceDefaults.Storage.Sqlite;
using EvSysReview.Synthesis;
using EvSysReview.Synthesis.Prisma;

namespace EvSysReview.Benchmarks.Synthesis;

/// <summary>
/// GET …/prisma for a project of 50,000 screened records (the living-load's size): the request's
/// work (PrismaTally.CountAsync: 64 shard sums and a count), against counting from the records as
/// it did before the sums (still the path for projects whose records an earlier version wrote), and
/// that path's parts. The catch-up that issue 10 times ends with this read.
/// `dotnet run -c Release --project tests/Benchmarks -- --filter '*PrismaRead*' --job short`
/// </summary>
[MemoryDiagnoser]
public class PrismaReadBenchmarks
{
    private const int Records = 50_000;

    private readonly Guid _projectId = Guid.NewGuid();
    private SqliteDocumentStore _store = null!;
    private PrismaTally _tally = null!;
    private IReadOnlyList<StoredDocument> _documents = [];
    private string _directory = "";

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("evsys-prisma-read-").FullName;
        _store = new SqliteDocumentStore(Path.Combine(_directory, "bench.db"));
        var seed = new UnitOfWork();
        var shards = new Dictionary<int, PrismaSums>();
        for (var i = 0; i < Records; i++)
        {
            var record = PrismaRecord.New(_projectId, Guid.NewGuid()) with
            {
                Source = "pubmed-alert",
                Imported = true,
                TitleAbstractFinal = i % 3 == 0 ? "include" : "exclude",
                Advanced = i % 3 == 0,
                Included = i % 30 == 0,
                InclusionChangedAt = DateTimeOffset.UtcNow,
            };
            seed.Put(PrismaRecord.Collection, PrismaRecord.Key(_projectId, record.RecordId), _projectId.ToString("N"), record, 0);
            var shard = PrismaSums.ShardOf(record.RecordId);
            if (!shards.TryGetValue(shard, out var sums)) shards[shard] = sums = new PrismaSums { ProjectId = _projectId, Shard = shard };
            sums.Change(null, record);
        }

        foreach (var sums in shards.Values) seed.Put(PrismaSums.Collection, PrismaSums.Key(_projectId, sums.Shard), _projectId.ToString("N"), sums, 0);

        _store.CommitAsync(seed).GetAwaiter().GetResult();
        _tally = new PrismaTally(new ModuleStore<SynthesisModule>(_store));
        _documents = _store.ListAsync(PrismaRecord.Collection, _projectId.ToString("N")).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public async Task<int> CountPrisma() => (await _tally.CountAsync(_projectId, CancellationToken.None)).Screened;

    [Benchmark]
    public async Task<int> CountPrismaFromRecords() =>
        PrismaTally.Count((await _store.ListAsync(PrismaRecord.Collection, _projectId.ToString("N"))).Select(StoreJson.Read<PrismaRecord>).ToList(), []).Screened;

    [Benchmark]
    public async Task<int> ReadRecords() => (await _store.ListAsync(PrismaRecord.Collection, _projectId.ToString("N"))).Count;

    [Benchmark]
    public int DeserializeRecords() => _documents.Select(StoreJson.Read<PrismaRecord>).Count(r => r.Included);
}

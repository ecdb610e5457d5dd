using System.Text.Json;
using BenchmarkDotNet.Attributes;
using EvSysReview.Screening.Core.Decisions;
using EvSysReview.Screening.Core.Ranking;
using EvSysReview.Screening.Ranking;
using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.Benchmarks.Screening;

/// <summary>
/// The stored ranking of a project's open items as the ranking worker writes it on every rerank and
/// a restarted process reads it: the column form (RankedItemsJsonConverter) against the array of
/// objects it replaced, which is still what a list of RankedItem serialises to without the converter.
/// Run: dotnet tests/Benchmarks/bin/Release/net10.0/EvSysReview.Benchmarks.dll --filter '*StoredRanking*'
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
[MemoryDiagnoser]
public class StoredRankingBenchmarks
{
    private StoredRanking ranking = null!;
    private List<RankedItem> order = [];
    private string columns = "";
    private string array = "";

    [Params(70_000)]
    public int OpenItems { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(3);
        order = Enumerable.Range(0, OpenItems).Select(_ => new RankedItem(Guid.NewGuid(), (float)((random.NextDouble() * 20) - 10), random.NextDouble())).ToList();
        ranking = new StoredRanking
        {
            ProjectId = Guid.NewGuid(),
            Stage = ScreeningStage.TitleAbstract,
            RankedAt = DateTimeOffset.UtcNow,
            Result = new RankingResult(RankingBasis.Classifier, order, [], 1_234.5, 12, 10_000, 20_000),
        };
        columns = JsonSerializer.Serialize(ranking, StoreJson.Options);
        array = JsonSerializer.Serialize(order, StoreJson.Options);
        Console.WriteLine($"// {OpenItems:N0} items: columns {columns.Length:N0} characters, array of objects {array.Length:N0}");
    }

    [Benchmark(Description = "write the stored ranking (columns)")]
    public string WriteColumns() => JsonSerializer.Serialize(ranking, StoreJson.Options);

    [Benchmark(Description = "read the stored ranking (columns)")]
    public StoredRanking ReadColumns() => JsonSerializer.Deserialize<StoredRanking>(columns, StoreJson.Options)!;

    [Benchmark(Description = "write the items as an array of objects (before)")]
    public string WriteArray() => JsonSerializer.Serialize(order, StoreJson.Options);

    [Benchmark(Description = "read the items as an array of objects (before)")]
    public List<RankedItem> ReadArray() => JsonSerializer.Deserialize<List<RankedItem>>(array, StoreJson.Options)!;
}

using BenchmarkDotNet.Attributes;
using EvSysReview.Screening.Core.Decisions;
using EvSysReview.Screening.Core.Protocol;
using EvSysReview.Screening.Core.Ranking;
using EvSysReview.Screening.Items;
using EvSysReview.Screening.Queue;
using EvSysReview.Screening.Ranking;

namespace EvSysReview.Benchmarks.Screening;

/// <summary>
/// The first step of a rerank (ProjectRanking.RerankAsync): the stage's open items by import and its
/// labelled items by when they became final, as the ranking worker needs them. Before: every mirrored
/// item copied, filtered and sorted on each rerank, and the ranker's record made of each. Now:
/// ProjectQueue keeps both orders, with each item's record, write by write and the rerank only copies
/// them out, all of it under the queue's lock. A benchmark's heap is small and freshly allocated, so it
/// shows few of the cache misses that following 70,000 documents costs in a host's gigabyte heap.
/// The project is the living-load one after its warm-up: 70,000 items imported in batches of 500
/// sharing one time, three in four final.
/// Run: dotnet run -c Release --project tests/Benchmarks -- --filter '*RankingInput*'
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
[MemoryDiagnoser]
public class RankingInputBenchmarks
{
    private static readonly DateTimeOffset Now = SyntheticItems.Now;
    private static readonly ScreeningProtocol Protocol = new() { ReviewersPerItem = 1 };

    private ProjectQueue queue = null!;

    [Params(70000)]
    public int Items { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // Imported in batches of 500 sharing one time; three in four final, the earliest imports last.
        var documents = Enumerable.Range(0, Items).Select(i => SyntheticItems.Open(i, Now.AddSeconds(i / 500), item => i % 4 == 0
            ? item
            : item.Decide(new ScreeningDecision("reviewer", i % 9 == 0 ? DecisionKind.Include : DecisionKind.Exclude, null, null, Now.AddMilliseconds(Items - i)), Protocol).Item));
        queue = new ProjectQueue();
        queue.Load(documents.Select(SyntheticItems.Stored), new Dictionary<ScreeningStage, StoredRanking>());
    }

    [Benchmark(Baseline = true, Description = "every item copied, filtered, sorted and its record made (before)")]
    public int Sorted()
    {
        var ofStage = queue.Items().Where(i => i.Stage == ScreeningStage.TitleAbstract).ToList();
        var open = ofStage.Where(i => i.Item.Status == ItemStatus.AwaitingDecisions).OrderBy(i => i.ImportedAt).Select(Record).ToList();
        var labelled = ofStage
            .Where(i => i.Item.Status == ItemStatus.Final && i.Item.Outcome!.Basis != FinalBasis.Retraction)
            .OrderBy(i => i.Item.FinalisedAt)
            .Select(i => new LabelledRecord(Record(i), i.Item.Outcome!.IsInclude))
            .ToList();
        return open.Count + labelled.Count;
    }

    // The part of the above that held the queue's lock (every `next` and committed write waits for it).
    [Benchmark(Description = "before: of which under the lock (every item copied)")]
    public int CopiedUnderLock() => queue.Items().Count;

    // All of it runs under the lock.
    [Benchmark(Description = "kept in order with their records by the queue, copied out (now)")]
    public int Kept()
    {
        var input = queue.RankingInputOf(ScreeningStage.TitleAbstract);
        return input.Open.Count + input.Labelled.Count;
    }

    private static RankingRecord Record(ItemDocument item) => new(item.ItemId, item.Citation.Title, item.Citation.Abstract, item.Citation.MeshTerms);
}

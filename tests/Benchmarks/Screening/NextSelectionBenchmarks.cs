using BenchmarkDotNet.Attributes;
using EvSysReview.Screening.Core.Decisions;
using EvSysReview.Screening.Core.Protocol;
using EvSysReview.Screening.Core.Ranking;
using EvSysReview.Screening.Items;
using EvSysReview.Screening.Queue;
using EvSysReview.Screening.Ranking;

namespace EvSysReview.Benchmarks.Screening;

/// <summary>
/// What `next` costs inside the service once the project's queue is in memory: Core's selection over
/// the open items in queue order, with leases of 10 reviewers, half of the items already decided by
/// one reviewer (dual screening under way). HTTP, authentication and the two point reads of
/// membership and settings come on top (screening-next-latency measures the whole request).
/// Run: dotnet run -c Release --project tests/Benchmarks -- --filter '*NextSelection*'
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
[MemoryDiagnoser]
public class NextSelectionBenchmarks
{
    private static readonly DateTimeOffset Now = SyntheticItems.Now;
    private static readonly ScreeningProtocol Protocol = new() { ReviewersPerItem = 2 };

    private ProjectQueue queue = null!;

    [Params(300, 5000, 20000)]
    public int Items { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var documents = Enumerable.Range(0, Items).Select(i => SyntheticItems.Open(i, Now.AddSeconds(i), item =>
            i % 2 == 0 ? item.Decide(new ScreeningDecision($"reviewer{i % 10}", DecisionKind.Exclude, null, null, Now), Protocol).Item : item)).ToList();
        queue = new ProjectQueue();
        var ranking = new RankingResult(RankingBasis.Classifier, documents.Select((d, i) => new RankedItem(d.ItemId, -i, 0.1)).ToList(), [], 3.2, 0, 5, 50);
        queue.Load(documents.Select(SyntheticItems.Stored), new Dictionary<ScreeningStage, StoredRanking>
        {
            [ScreeningStage.TitleAbstract] = new StoredRanking { ProjectId = Guid.Empty, Stage = ScreeningStage.TitleAbstract, Result = ranking, RankedAt = Now },
        });
        for (var r = 0; r < 10; r++) queue.Next(ScreeningStage.TitleAbstract, $"reader{r}", Protocol, reserve: true, Now);
    }

    // A reviewer holding no lease: the selector looks through every open item for one they hold before picking (the worst case).
    [Benchmark(Description = "next from the in-memory queue (10 leases held by others)")]
    public QueuedItem? Next() => queue.Next(ScreeningStage.TitleAbstract, "newcomer", Protocol, reserve: false, Now);
}

using BenchmarkDotNet.Attributes;
using EvSysReview.Contracts.Extraction;
using EvSysReview.Synthesis.Evidence;
using EvSysReview.Synthesis.Versions;

namespace EvSysReview.Benchmarks.Synthesis;

/// <summary>
/// "Full project recomputation" through the service's own recompute function
/// (SynthesisRecomputation.Compute, what the worker runs per version): 15 included, extracted
/// studies × 50 outcomes → 50 analyses, each with SMD effect sizes from raw arms, REML +
/// Knapp–Hartung + Q-profile + PI, a subgroup split by disease, the sensitivity analysis without
/// high-risk studies, the cumulative analysis by year, leave-one-out, Egger's test and
/// trim-and-fill (15 studies ≥ the default smallStudyTestsFromK of 10). RecomputeAndFingerprint
/// adds what the worker does next before touching the store: the SHA-256 of the analyses' JSON
/// that decides whether a version is written. The engine-only equivalent is
/// ProjectRecomputationBenchmarks.
/// `dotnet run -c Release --project tests/Benchmarks -- --filter '*ServiceRecomputation*' --job short --inProcess`
/// </summary>
[MemoryDiagnoser]
public class ServiceRecomputationBenchmarks
{
    public const int Outcomes = 50;
    public const int Studies = 15;
    private static readonly SynthesisPlan Plan = new()
    {
        ProjectId = Guid.Empty,
        Method = "REML",
        Test = "knha",
        Subgroups = ["disease"],
    };

    private IReadOnlyList<EvidenceStudy> _evidence = [];

    [GlobalSetup]
    public void Setup() => _evidence = Evidence(BenchmarkStudies.Seed);

    [Benchmark]
    public int RecomputeProject() => SynthesisRecomputation.Compute(Plan, _evidence).Count;

    [Benchmark]
    public string RecomputeAndFingerprint() => ProjectRecomputation.Fingerprint(SynthesisRecomputation.Compute(Plan, _evidence));

    public static SynthesisPlan ProjectPlan => Plan;

    /// <summary>Simulated arms: control mean 40 (SD 10), treatment mean 40 − 5·U(0, 2), n 8–15 per arm.</summary>
    public static IReadOnlyList<EvidenceStudy> Evidence(int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(1, Studies).Select(s => new EvidenceStudy
        {
            ProjectId = Guid.Empty,
            StudyId = new Guid(s, 0, 0, new byte[8]),
            Included = true,
            HighRisk = s % 4 == 0,
            Extraction = new ExtractedData(
                1,
                $"Study {s:00}",
                2010 + s,
                new Dictionary<string, string> { ["disease"] = s % 3 == 0 ? "parkinsons" : "alzheimers" },
                Enumerable.Range(1, Outcomes).Select(o =>
                {
                    var n = 8 + random.Next(8);
                    return new OutcomeComparisonData
                    {
                        Key = $"outcome{o:00}@28 d/evs",
                        Outcome = $"outcome{o:00}",
                        TimePoint = "28 d",
                        Comparison = "EVs vs vehicle",
                        Direction = o % 2 == 0 ? "higher-is-worse" : "higher-is-better",
                        Treatment = new ArmData(40 - 10 * random.NextDouble(), 8 + 4 * random.NextDouble(), n, null),
                        Control = new ArmData(40, 10, n, null),
                    };
                }).ToList()),
        }).ToList();
    }
}

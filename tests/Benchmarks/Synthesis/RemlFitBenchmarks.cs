using BenchmarkDotNet.Attributes;
using EvSysReview.Synthesis.Engine.EffectSizes;
using EvSysReview.Synthesis.Engine.Models;

namespace EvSysReview.Benchmarks.Synthesis;

/// <summary>
/// One REML random-effects fit: k = 13 is dat.bcg, larger k simulated (fixed seed).
/// `dotnet run -c Release --project tests/Benchmarks -- --filter '*RemlFit*'`
/// </summary>
[MemoryDiagnoser]
public class RemlFitBenchmarks
{
    private static readonly MetaAnalysisOptions WithoutTau2Interval = new() { Tau2Interval = false };
    private IReadOnlyList<StudyEffect> _studies = [];

    [Params(13, 1_000, 10_000)]
    public int K { get; set; }

    [GlobalSetup]
    public void Setup() => _studies = BenchmarkStudies.ForK(K);

    /// <summary>What rma(yi, vi, method="REML") computes: estimate, SE, CI, τ², I², H², Q.</summary>
    [Benchmark(Baseline = true)]
    public double Reml() => MetaAnalysis.Fit(_studies, WithoutTau2Interval).Estimate;

    /// <summary>The same plus the Q-profile interval for τ² and the prediction interval.</summary>
    [Benchmark]
    public double RemlWithQProfile() => MetaAnalysis.Fit(_studies).Tau2CiUpper!.Value;
}

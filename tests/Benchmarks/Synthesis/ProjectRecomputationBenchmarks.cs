using BenchmarkDotNet.Attributes;
using EvSysReview.Synthesis.Engine.EffectSizes;
using EvSysReview.Synthesis.Engine.Models;
using EvSysReview.Synthesis.Engine.Sensitivity;

namespace EvSysReview.Benchmarks.Synthesis;

/// <summary>
/// "Full project recomputation": 50 analyses of 15 studies each, every one REML + Knapp–Hartung +
/// prediction interval + Q-profile CI for τ² + leave-one-out (15 refits, each with the same).
/// Target: under 100 ms for the lot.
/// `dotnet run -c Release --project tests/Benchmarks -- --filter '*ProjectRecomputation*'`
/// </summary>
[MemoryDiagnoser]
public class ProjectRecomputationBenchmarks
{
    public const int Analyses = 50;
    public const int StudiesPerAnalysis = 15;
    private static readonly MetaAnalysisOptions Options = new() { Method = Tau2Method.REML, KnappHartung = true };
    private IReadOnlyList<StudyEffect>[] _analyses = [];

    [GlobalSetup]
    public void Setup() =>
        _analyses = Enumerable.Range(1, Analyses).Select(seed => BenchmarkStudies.Simulated(StudiesPerAnalysis, seed)).ToArray();

    [Benchmark]
    public double RecomputeProject() => Recompute(_analyses);

    public static double Recompute(IReadOnlyList<StudyEffect>[] analyses)
    {
        var checksum = 0.0;
        foreach (var studies in analyses)
        {
            var pooled = MetaAnalysis.Fit(studies, Options);
            checksum += pooled.Estimate + pooled.PiUpper + pooled.Tau2CiUpper!.Value;
            foreach (var row in LeaveOneOut.Run(studies, Options)) checksum += row.Result.Estimate;
        }

        return checksum;
    }
}

using EvSysReview.Synthesis.Engine.EffectSizes;

namespace EvSysReview.Benchmarks.Synthesis;

/// <summary>Inputs for the synthesis benchmarks: dat.bcg (k = 13) and simulated studies with a fixed seed.</summary>
internal static class BenchmarkStudies
{
    public const int Seed = 20261130;

    // dat.bcg from R package metadat (Colditz et al. 1994): tpos, tneg, cpos, cneg per trial.
    private static readonly int[,] BcgCounts =
    {
        { 4, 119, 11, 128 }, { 6, 300, 29, 274 }, { 3, 228, 11, 209 }, { 62, 13536, 248, 12619 },
        { 33, 5036, 47, 5761 }, { 180, 1361, 372, 1079 }, { 8, 2537, 10, 619 }, { 505, 87886, 499, 87892 },
        { 29, 7470, 45, 7232 }, { 17, 1699, 65, 1600 }, { 186, 50448, 141, 27197 }, { 5, 2493, 3, 2338 },
        { 27, 16886, 29, 17825 },
    };

    public static IReadOnlyList<StudyEffect> Bcg() =>
        BinaryEffectSizes.Compute(
            EffectMeasure.RR,
            Enumerable.Range(0, BcgCounts.GetLength(0)).Select(i => new BinaryArms(
                $"trial {i + 1}",
                BcgCounts[i, 0],
                BcgCounts[i, 0] + BcgCounts[i, 1],
                BcgCounts[i, 2],
                BcgCounts[i, 2] + BcgCounts[i, 3])));

    /// <summary>
    /// k studies with vi ~ U(0.01, 0.2) and yi ~ N(0.3, vi + 0.05) (true τ² = 0.05), normal draws by
    /// Box–Muller from System.Random(seed), which is stable across .NET versions for a given seed.
    /// </summary>
    public static IReadOnlyList<StudyEffect> Simulated(int k, int seed = Seed)
    {
        var random = new Random(seed);
        var studies = new List<StudyEffect>(k);
        for (var i = 0; i < k; i++)
        {
            var vi = 0.01 + 0.19 * random.NextDouble();
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            studies.Add(new StudyEffect($"study {i + 1}", 0.3 + Math.Sqrt(vi + 0.05) * normal, vi));
        }

        return studies;
    }

    public static IReadOnlyList<StudyEffect> ForK(int k) => k == 13 ? Bcg() : Simulated(k);
}

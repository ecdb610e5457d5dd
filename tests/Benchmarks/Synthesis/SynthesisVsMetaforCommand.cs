using System.Diagnostics;
using System.Globalization;
using EvSysReview.Synthesis.Engine.EffectSizes;
using EvSysReview.Synthesis.Engine.Models;
using EvSysReview.Synthesis.Versions;

namespace EvSysReview.Benchmarks.Synthesis;

/// <summary>
/// `synthesis-vs-metafor write-inputs DIR` writes DIR/k{13,1000,2000,3000,10000}.csv (label, yi, vi);
/// `synthesis-vs-metafor compare DIR` times the engine's REML fit on the same inputs and prints it
/// beside DIR/metafor.csv (written by tests/Benchmarks/synthesis-vs-metafor.sh), with the ratio and
/// every numeric difference between the two fits. Sizes metafor did not run get its time
/// extrapolated from the growth it showed over the larger sizes it did run (a power law fitted to
/// them), printed as such. Run the script, not this command, directly.
/// </summary>
public sealed class SynthesisVsMetaforCommand : ISideBySideCommand
{
    public static readonly int[] Sizes = [13, 1_000, 2_000, 3_000, 10_000];
    private static readonly string[] Statistics = ["estimate", "se", "ci_lb", "ci_ub", "tau2", "I2", "H2", "QE", "QEp"];
    private static readonly MetaAnalysisOptions RmaEquivalent = new() { Method = Tau2Method.REML, Tau2Interval = false };

    public string Name => "synthesis-vs-metafor";

    public int Run(string[] args)
    {
        if (args.Length != 2 || args[0] is not ("write-inputs" or "compare"))
        {
            Console.Error.WriteLine("usage: synthesis-vs-metafor write-inputs|compare DIR");
            return 2;
        }

        var directory = args[1];
        Directory.CreateDirectory(directory);
        if (args[0] == "write-inputs")
        {
            foreach (var k in Sizes) WriteInputs(Path.Combine(directory, $"k{k}.csv"), BenchmarkStudies.ForK(k));
            Console.WriteLine($"wrote inputs for k = {string.Join(", ", Sizes)} to {directory}");
            return 0;
        }

        return Compare(directory);
    }

    private static int Compare(string directory)
    {
        var metafor = ReadMetafor(Path.Combine(directory, "metafor.csv"));
        Console.WriteLine();
        Console.WriteLine("REML fit, rma(yi, vi, method=\"REML\") vs MetaAnalysis.Fit (same inputs, metafor's default control)");
        Console.WriteLine("CPU time per fit (user + system), wall clock in parentheses; ratio = metafor CPU / engine CPU");
        Console.WriteLine($"{"k",7} {"metafor ms/fit",26} {"reps",6} {"engine µs/fit",26} {"reps",7} {"ratio",9}");
        var differences = new List<string>();
        foreach (var k in Sizes)
        {
            var studies = ReadInputs(Path.Combine(directory, $"k{k}.csv"));
            var (engineCpu, engineWall, engineReps, result) = TimeEngine(studies);
            var engine = string.Create(CultureInfo.InvariantCulture, $"{engineCpu * 1e6:F2} ({engineWall * 1e6:F2})");
            if (metafor.TryGetValue(k, out var r))
            {
                var reference = string.Create(CultureInfo.InvariantCulture, $"{r["cpu_per_fit"] * 1e3:F3} ({r["wall_per_fit"] * 1e3:F3})");
                Console.WriteLine($"{k,7} {reference,26} {r["reps"],6:F0} {engine,26} {engineReps,7} {r["cpu_per_fit"] / engineCpu,8:F0}×");
                differences.AddRange(Differences(k, r, result));
            }
            else if (Extrapolate(metafor, k) is { } projected)
            {
                var reference = string.Create(CultureInfo.InvariantCulture, $"~{projected.CpuPerFit:F0} s (extrapolated)");
                Console.WriteLine($"{k,7} {reference,26} {"",6} {engine,26} {engineReps,7} {projected.CpuPerFit / engineCpu,8:F0}× (extrapolated: metafor time ∝ k^{projected.Exponent:F2} fitted to k = {string.Join(", ", projected.From)})");
            }
            else
            {
                Console.WriteLine($"{k,7} {"(not run)",26} {"",6} {engine,26} {engineReps,7}");
            }
        }

        Console.WriteLine();
        Console.WriteLine("Differences engine − metafor (relative to |metafor|):");
        foreach (var line in differences) Console.WriteLine(line);

        Console.WriteLine();
        var evidence = ServiceRecomputationBenchmarks.Evidence(BenchmarkStudies.Seed);
        var (serviceCpu, serviceWall, serviceReps) = TimeRepeatedly(() => ProjectRecomputation.Fingerprint(SynthesisRecomputation.Compute(ServiceRecomputationBenchmarks.ProjectPlan, evidence)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Service recomputation ({ServiceRecomputationBenchmarks.Outcomes} analyses × {ServiceRecomputationBenchmarks.Studies} studies: SMD from arms, REML + knha + PI + Q-profile, subgroups, sensitivity, cumulative, leave-one-out, Egger, trim-and-fill, fingerprint): {serviceCpu * 1e3:F2} ms CPU ({serviceWall * 1e3:F2} ms wall) per recomputation, {serviceReps} reps; target < 100 ms"));

        var analyses = Enumerable.Range(1, ProjectRecomputationBenchmarks.Analyses)
            .Select(seed => BenchmarkStudies.Simulated(ProjectRecomputationBenchmarks.StudiesPerAnalysis, seed)).ToArray();
        var (cpu, wall, reps) = TimeRepeatedly(() => ProjectRecomputationBenchmarks.Recompute(analyses));
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Project recomputation ({analyses.Length} analyses × {ProjectRecomputationBenchmarks.StudiesPerAnalysis} studies, REML + knha + PI + Q-profile + leave-one-out): {cpu * 1e3:F2} ms CPU ({wall * 1e3:F2} ms wall) per recomputation, {reps} reps; target < 100 ms"));
        return 0;
    }

    private sealed record Projection(double CpuPerFit, double Exponent, IReadOnlyList<int> From);

    // metafor's REML fit builds dense k×k matrices and multiplies them (P %*% P each iteration), so
    // its time grows like a power of k; fitted by least squares on log–log over the sizes ≥ 1000 it ran.
    private static Projection? Extrapolate(Dictionary<int, Dictionary<string, double>> metafor, int k)
    {
        var runs = metafor.Keys.Where(n => n >= 1_000 && n < k).Order().ToList();
        if (runs.Count < 2) return null;
        var xs = runs.Select(n => Math.Log(n)).ToList();
        var ys = runs.Select(n => Math.Log(metafor[n]["cpu_per_fit"])).ToList();
        var (mx, my) = (xs.Average(), ys.Average());
        var slope = xs.Zip(ys, (x, y) => (x - mx) * (y - my)).Sum() / xs.Sum(x => (x - mx) * (x - mx));
        return new Projection(Math.Exp(my + slope * (Math.Log(k) - mx)), slope, runs);
    }

    private static IEnumerable<string> Differences(int k, Dictionary<string, double> metafor, MetaAnalysisResult engine)
    {
        var values = new Dictionary<string, double>
        {
            ["estimate"] = engine.Estimate, ["se"] = engine.Se, ["ci_lb"] = engine.CiLower, ["ci_ub"] = engine.CiUpper,
            ["tau2"] = engine.Tau2, ["I2"] = engine.I2, ["H2"] = engine.H2, ["QE"] = engine.Q, ["QEp"] = engine.QP,
        };
        var worst = 0.0;
        foreach (var name in Statistics)
        {
            var expected = metafor[name];
            var relative = expected == 0 ? Math.Abs(values[name]) : Math.Abs(values[name] - expected) / Math.Abs(expected);
            worst = Math.Max(worst, relative);
            yield return string.Create(CultureInfo.InvariantCulture, $"  k={k,-6} {name,-9} metafor {expected,22:R}  engine {values[name],22:R}  rel.diff {relative:E2}");
        }

        yield return string.Create(CultureInfo.InvariantCulture, $"  k={k,-6} largest relative difference {worst:E2}");
    }

    // Warm-up (so tiered JIT has optimised the code), then repeats until 2 s of wall clock and
    // at least 20 fits. CPU time is the process's, so it includes GC threads.
    private static (double CpuPerFit, double WallPerFit, int Reps, MetaAnalysisResult Result) TimeEngine(IReadOnlyList<StudyEffect> studies)
    {
        var (cpu, wall, reps) = TimeRepeatedly(() => MetaAnalysis.Fit(studies, RmaEquivalent));
        return (cpu, wall, reps, MetaAnalysis.Fit(studies, RmaEquivalent));
    }

    private static (double CpuPerCall, double WallPerCall, int Reps) TimeRepeatedly<T>(Func<T> work)
    {
        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed.TotalSeconds < 0.5) work();

        var reps = 0;
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < 2 || reps < 20)
        {
            work();
            reps++;
        }

        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        return (cpu / reps, watch.Elapsed.TotalSeconds / reps, reps);
    }

    private static void WriteInputs(string path, IReadOnlyList<StudyEffect> studies)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine("label,yi,vi");
        foreach (var s in studies) writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"\"{s.Label}\",{s.Yi:R},{s.Vi:R}"));
    }

    private static List<StudyEffect> ReadInputs(string path) =>
        File.ReadLines(path).Skip(1).Select(line =>
        {
            var cells = line.Split(',');
            return new StudyEffect(cells[0].Trim('"'), double.Parse(cells[1], CultureInfo.InvariantCulture), double.Parse(cells[2], CultureInfo.InvariantCulture));
        }).ToList();

    private static Dictionary<int, Dictionary<string, double>> ReadMetafor(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(line => header.Zip(line.Split(','), (h, v) => (h, double.Parse(v, CultureInfo.InvariantCulture))).ToDictionary(x => x.h, x => x.Item2))
            .ToDictionary(row => (int)row["k"]);
    }
}

using System.Diagnostics;
using System.Globalization;
using EvSysReview.Ingestion.Citations.PubMed;

namespace EvSysReview.Benchmarks.Ingestion;

/// <summary>
/// `pubmed-parse-vs-biopython build FILE MB` writes a test file; `pubmed-parse-vs-biopython
/// compare [--biopython-max-mb N] FILE...` parses each file with our reader and with
/// Bio.Entrez.read, each in its own process under /usr/bin/time -v (so peak RSS is per file),
/// twice per process (cold, then warm), and prints MB/s, records/s, peak RSS and the speed ratios.
/// </summary>
public sealed class PubMedParseVsBiopythonCommand : ISideBySideCommand
{
    // Two passes over the file in one process, as the .NET side does: pass 1 is a cold process, pass 2
    // the same parser again (for Python nothing is compiled in between; for .NET the JIT has finished).
    private const string BiopythonScript =
        "import sys, time\nfrom Bio import Entrez\nfor _ in range(int(sys.argv[2])):\n    t = time.perf_counter()\n    c = time.process_time()\n"
        + "    r = Entrez.read(open(sys.argv[1], 'rb'), validate=False)\n    n = len(r['PubmedArticle']) + len(r['PubmedBookArticle'])\n"
        + "    del r\n    print(n, time.perf_counter() - t, time.process_time() - c, flush=True)\n";

    private const int Passes = 2;

    public string Name => "pubmed-parse-vs-biopython";

    public int Run(string[] args)
    {
        switch (args.FirstOrDefault())
        {
            case "build":
                var count = PubMedSampleCorpus.Write(args[1], long.Parse(args[2], CultureInfo.InvariantCulture) * 1024 * 1024);
                Console.WriteLine($"wrote {args[1]}: {new FileInfo(args[1]).Length / 1048576.0:F1} MB, {count} records");
                return 0;
            case "once":
                // `once FILE [PASSES]`: one line per pass. CPU time counts every thread of the process
                // (JIT, GC), as process_time does for Python.
                var passes = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
                for (var pass = 0; pass < passes; pass++)
                {
                    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                    var watch = Stopwatch.StartNew();
                    using var stream = File.OpenRead(args[1]);
                    var records = new PubMedXmlReader().Read(stream).Count(r => r.IsRecord);
                    var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
                    Console.WriteLine(FormattableString.Invariant($"{records} {watch.Elapsed.TotalSeconds} {cpuSeconds}"));
                }
                return 0;
            case "compare":
                return Compare(args[1..]);
            case "breakdown":
                return Breakdown(args[1], args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3);
            default:
                Console.Error.WriteLine("usage: pubmed-parse-vs-biopython build FILE MB | compare [--biopython-max-mb N] FILE... | breakdown FILE [PASSES]");
                return 2;
        }
    }

    private static int Compare(string[] args)
    {
        var biopythonMaxMb = 128.0;
        var files = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--biopython-max-mb") biopythonMaxMb = double.Parse(args[++i], CultureInfo.InvariantCulture);
            else files.Add(args[i]);
        }
        var self = typeof(PubMedParseVsBiopythonCommand).Assembly.Location;
        var scriptPath = Path.Combine(Path.GetTempPath(), "evsys-biopython-entrez-read.py");
        File.WriteAllText(scriptPath, BiopythonScript);

        var hostPgo = IngestionHostTieredPgo();
        Console.WriteLine($"the ingestion host ships with System.Runtime.TieredPGO = {hostPgo?.ToString() ?? "the runtime default (true)"} (its Release runtimeconfig)");
        // The machine is shared: wall time includes waiting for a core, CPU time does not, so both are
        // printed. Each process parses the file twice: pass 1 is a cold process (for .NET: JIT and tiering
        // inside the measured time), pass 2 the same parser warm, as in the long-running ingestion host
        // once it has parsed its first file.
        Console.WriteLine("file MB | parser | pass | records | parse s (wall) | parse s (CPU) | MB/s (wall) | MB/s (CPU) | records/s (CPU) | peak RSS MB");
        foreach (var file in files)
        {
            var mb = new FileInfo(file).Length / 1048576.0;
            // Under `dotnet run` this process is the apphost; under `dotnet x.dll` it is dotnet itself.
            var host = Environment.ProcessPath!;
            var passes = Passes.ToString(CultureInfo.InvariantCulture);
            string[] oursArgs = Path.GetFileNameWithoutExtension(host) == "dotnet"
                ? [self, "pubmed-parse-vs-biopython", "once", file, passes]
                : ["pubmed-parse-vs-biopython", "once", file, passes];
            // With dynamic PGO on (the runtime's default) the hot XmlReader methods are JIT-compiled twice
            // after their ReadyToRun code (an instrumented tier, then the final one) inside pass 1. The
            // ingestion host turns it off (see its csproj); both are measured.
            var ours = Measure(host, oursArgs);
            Print(mb, "EvSysReview PubMedXmlReader, runtime defaults", ours);
            var asShipped = Measure(host, oursArgs, ("DOTNET_TieredPGO", hostPgo == false ? "0" : "1"));
            Print(mb, $"EvSysReview PubMedXmlReader, as the ingestion host runs (TieredPGO {(hostPgo == false ? "off" : "on")})", asShipped);
            if (mb > biopythonMaxMb)
            {
                Console.WriteLine(FormattableString.Invariant($"{mb,7:F1} | Bio.Entrez.read | not run: above --biopython-max-mb {biopythonMaxMb} (it builds the whole tree in memory)"));
                continue;
            }
            var bio = Measure("/usr/bin/python3", [scriptPath, file, passes]);
            Print(mb, "Biopython Bio.Entrez.read", bio);
            foreach (var (name, m) in new[] { ("ours, runtime defaults", ours), ("ours as the ingestion host runs", asShipped) })
            {
                for (var pass = 0; pass < Passes; pass++)
                {
                    var (b, o) = (bio.Passes[pass], m.Passes[pass]);
                    Console.WriteLine(FormattableString.Invariant(
                        $"{mb,7:F1} | ratio, {name}, pass {pass + 1} ({(pass == 0 ? "cold process" : "warm")}): {b.Seconds / o.Seconds:F1}x faster by wall time, {b.CpuSeconds / o.CpuSeconds:F1}x by CPU time; same record count: {b.Records == o.Records}"));
                }
                Console.WriteLine(FormattableString.Invariant($"{mb,7:F1} | ratio, {name}: {bio.PeakRssMb / m.PeakRssMb:F1}x less peak memory"));
            }
        }
        return 0;
    }

    /// <summary>The TieredPGO setting in the ingestion host's built runtimeconfig.json, if it sets one.</summary>
    private static bool? IngestionHostTieredPgo()
    {
        var config = Path.Combine(EvSysReview.TestSupport.RepoPaths.Root, "services/Ingestion/Host/bin/Release/net10.0/EvSysReview.Ingestion.Host.runtimeconfig.json");
        if (!File.Exists(config)) throw new FileNotFoundException($"Build the ingestion host in Release first (the script does): {config} is missing.");
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(config));
        return json.RootElement.GetProperty("runtimeOptions").TryGetProperty("configProperties", out var properties)
               && properties.TryGetProperty("System.Runtime.TieredPGO", out var pgo) ? pgo.GetBoolean() : null;
    }

    /// <summary>
    /// Where the time goes, in this one process: CPU per pass of XmlReader alone (every node read,
    /// nothing kept: the floor for any XmlReader-based parser) and of PubMedXmlReader, pass 1 cold
    /// (JIT and tiering included) and later passes warm. Ours minus XmlReader is the mapping.
    /// </summary>
    private static int Breakdown(string file, int passes)
    {
        var mb = new FileInfo(file).Length / 1048576.0;
        var settings = new System.Xml.XmlReaderSettings { DtdProcessing = System.Xml.DtdProcessing.Ignore, XmlResolver = null };
        Console.WriteLine("pass | XmlReader alone CPU s | PubMedXmlReader CPU s | mapping share | PubMedXmlReader MB/s (CPU)");
        for (var pass = 1; pass <= passes; pass++)
        {
            var raw = CpuSeconds(() =>
            {
                using var stream = File.OpenRead(file);
                using var xml = System.Xml.XmlReader.Create(stream, settings);
                while (xml.Read()) { }
            });
            var ours = CpuSeconds(() =>
            {
                using var stream = File.OpenRead(file);
                _ = new PubMedXmlReader().Read(stream).Count(r => r.IsRecord);
            });
            Console.WriteLine(FormattableString.Invariant($"{pass} | {raw:F2} | {ours:F2} | {(ours - raw) / ours:P0} | {mb / ours:F0}"));
        }
        return 0;

        static double CpuSeconds(Action action)
        {
            var before = Process.GetCurrentProcess().TotalProcessorTime;
            action();
            return (Process.GetCurrentProcess().TotalProcessorTime - before).TotalSeconds;
        }
    }

    private static void Print(double mb, string parser, Measurement m)
    {
        foreach (var (p, pass) in m.Passes.Select((p, i) => (p, i + 1)))
        {
            Console.WriteLine(FormattableString.Invariant(
                $"{mb,7:F1} | {parser} | {pass} | {p.Records} | {p.Seconds:F2} | {p.CpuSeconds:F2} | {mb / p.Seconds:F1} | {mb / p.CpuSeconds:F1} | {p.Records / p.CpuSeconds:F0} | {m.PeakRssMb:F0}"));
        }
    }

    private sealed record Pass(int Records, double Seconds, double CpuSeconds);

    private sealed record Measurement(IReadOnlyList<Pass> Passes, double PeakRssMb);

    /// <summary>Runs under GNU time for the child's own peak RSS; the child prints "records wall-seconds cpu-seconds".</summary>
    private static Measurement Measure(string program, string[] arguments, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo("/usr/bin/time") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment) start.Environment[name] = value;
        start.ArgumentList.Add("-v");
        start.ArgumentList.Add(program);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var rssLine = stderr.Result.Split('\n').FirstOrDefault(l => l.Contains("Maximum resident set size"))
                      ?? throw new InvalidOperationException($"{program} failed: {stderr.Result}");
        var passes = stdout.Trim().Split('\n').Select(line => line.Trim().Split(' ')).Select(parts => new Pass(
            int.Parse(parts[0], CultureInfo.InvariantCulture),
            double.Parse(parts[1], CultureInfo.InvariantCulture),
            double.Parse(parts[2], CultureInfo.InvariantCulture))).ToList();
        return new Measurement(passes, double.Parse(rssLine.Split(':')[1].Trim(), CultureInfo.InvariantCulture) / 1024.0);
    }
}

using System.Diagnostics;
using System.Globalization;
using EvSysReview.Ingestion.Citations.PubMed;

namespace EvSysReview.Benchmarks.Ingestion;

/// <summary>
/// `pubmed-parse-vs-biopython build FILE MB` writes a test file; `pubmed-parse-vs-biopython
/// compare [--biopython-max-mb N] FILE...` parses each file with our reader and with
/// Bio.Entrez.read, each in its own process under /usr/bin/time -v (so peak RSS is per file),
/// and prints MB/s, records/s, peak RSS and the speed ratio.
/// </summary>
public sealed class PubMedParseVsBiopythonCommand : ISideBySideCommand
{
    private const string BiopythonScript =
        "import sys, time\nfrom Bio import Entrez\nt = time.perf_counter()\nc = time.process_time()\nr = Entrez.read(open(sys.argv[1], 'rb'), validate=False)\n"
        + "n = len(r['PubmedArticle']) + len(r['PubmedBookArticle'])\nprint(n, time.perf_counter() - t, time.process_time() - c)\n";

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
                // CPU time counts every thread of the process (JIT, GC), as process_time does for Python.
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                using (var stream = File.OpenRead(args[1]))
                {
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

        // The machine is shared: wall time includes waiting for a core, CPU time does not, so both are printed.
        Console.WriteLine("file MB | parser | records | parse s (wall) | parse s (CPU) | MB/s (wall) | MB/s (CPU) | records/s (CPU) | peak RSS MB");
        foreach (var file in files)
        {
            var mb = new FileInfo(file).Length / 1048576.0;
            // Under `dotnet run` this process is the apphost; under `dotnet x.dll` it is dotnet itself.
            var host = Environment.ProcessPath!;
            string[] oursArgs = Path.GetFileNameWithoutExtension(host) == "dotnet"
                ? [self, "pubmed-parse-vs-biopython", "once", file]
                : ["pubmed-parse-vs-biopython", "once", file];
            var ours = Measure(host, oursArgs);
            Print(mb, "EvSysReview PubMedXmlReader", ours);
            // A parse-only process is short: with dynamic PGO on (the default) the hot XmlReader methods are
            // JIT-compiled twice after their ReadyToRun code (an instrumented tier, then the final one), inside
            // the measured time. The same parser with that one runtime switch off shows how much that costs.
            var oursNoPgo = Measure(host, oursArgs, ("DOTNET_TieredPGO", "0"));
            Print(mb, "EvSysReview PubMedXmlReader, DOTNET_TieredPGO=0", oursNoPgo);
            if (mb > biopythonMaxMb)
            {
                Console.WriteLine(FormattableString.Invariant($"{mb,7:F1} | Bio.Entrez.read | not run: above --biopython-max-mb {biopythonMaxMb} (it builds the whole tree in memory)"));
                continue;
            }
            var bio = Measure("/usr/bin/python3", [scriptPath, file]);
            Print(mb, "Biopython Bio.Entrez.read", bio);
            foreach (var (name, m) in new[] { ("ours", ours), ("ours with TieredPGO=0", oursNoPgo) })
            {
                Console.WriteLine(FormattableString.Invariant(
                    $"{mb,7:F1} | ratio, {name}: {bio.Seconds / m.Seconds:F1}x faster by wall time, {bio.CpuSeconds / m.CpuSeconds:F1}x by CPU time, {bio.PeakRssMb / m.PeakRssMb:F1}x less peak memory; same record count: {bio.Records == m.Records}"));
            }
        }
        return 0;
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

    private static void Print(double mb, string parser, Measurement m) =>
        Console.WriteLine(FormattableString.Invariant(
            $"{mb,7:F1} | {parser} | {m.Records} | {m.Seconds:F2} | {m.CpuSeconds:F2} | {mb / m.Seconds:F1} | {mb / m.CpuSeconds:F1} | {m.Records / m.CpuSeconds:F0} | {m.PeakRssMb:F0}"));

    private sealed record Measurement(int Records, double Seconds, double CpuSeconds, double PeakRssMb);

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
        var parts = stdout.Trim().Split(' ');
        return new Measurement(
            int.Parse(parts[0], CultureInfo.InvariantCulture),
            double.Parse(parts[1], CultureInfo.InvariantCulture),
            double.Parse(parts[2], CultureInfo.InvariantCulture),
            double.Parse(rssLine.Split(':')[1].Trim(), CultureInfo.InvariantCulture) / 1024.0);
    }
}

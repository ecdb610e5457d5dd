using System.Text.Json;
using EvSysReview.Ingestion.Citations.PubMed;

namespace EvSysReview.Ingestion.Citations.Tests.PubMed;

/// <summary>
/// Every record of every real PubMed XML sample, field by field, against what Biopython reads
/// (reference/pubmed_expected.json, printed by reference/pubmed_expected.py with Bio.Entrez.read).
/// </summary>
public sealed class PubMedXmlReaderBiopythonTests
{
    private static readonly JsonElement Expected = TestData.Reference("pubmed_expected.json");

    public static TheoryData<string> Files() => TestData.FilesIn(Expected);

    [Theory]
    [MemberData(nameof(Files))]
    public void Every_record_matches_biopython(string file)
    {
        var expected = Expected.GetProperty(file).EnumerateArray().ToList();
        // Biopython lists PubmedBookArticle after PubmedArticle, so records are matched by PMID.
        var actual = TestData.Records(new PubMedXmlReader(), "pubmed/" + file).ToDictionary(r => r.Pmid!);

        Assert.Equal(expected.Count, actual.Count);
        foreach (var e in expected)
        {
            var pmid = e.GetProperty("pmid").GetString()!;
            var record = actual[pmid];
            Check(pmid, "title", Str(e, "title"), record.Title);
            Check(pmid, "abstract", Str(e, "abstract"), record.Abstract);
            Check(pmid, "sections", e.GetProperty("sections").EnumerateArray().Select(s => $"{s[0].GetString()}|{s[1].GetString()}"),
                record.AbstractSections.Select(s => $"{s.Label}|{s.Text}"));
            Check(pmid, "authors", e.GetProperty("authors").EnumerateArray().Select(a =>
                    $"{Str(a, "last")}|{Str(a, "fore")}|{Str(a, "initials")}|{Str(a, "collective")}|{string.Join(";", a.GetProperty("affiliations").EnumerateArray().Select(x => x.GetString()!.Trim()))}"),
                record.Authors.Select(a => $"{a.LastName}|{a.ForeName}|{a.Initials}|{a.CollectiveName}|{string.Join(";", a.Affiliations)}"));
            Check(pmid, "year", e.GetProperty("year").ValueKind == JsonValueKind.Null ? null : e.GetProperty("year").GetInt32(), record.Year);
            Check(pmid, "date", Str(e, "date"), record.PublicationDate);
            Check(pmid, "journal", Str(e, "journal"), record.Journal);
            if (!e.TryGetProperty("doi", out _)) continue; // book articles: the fields below are journal-article fields
            Check(pmid, "doi", Str(e, "doi"), record.Doi);
            Check(pmid, "pmcid", Str(e, "pmcid"), record.Pmcid);
            Check(pmid, "iso", Str(e, "iso"), record.JournalIsoAbbreviation);
            Check(pmid, "volume", Str(e, "volume"), record.Volume);
            Check(pmid, "issue", Str(e, "issue"), record.Issue);
            Check(pmid, "pages", Str(e, "pages"), record.Pages);
            Check(pmid, "language", Str(e, "language"), record.Language);
            Check(pmid, "pubtypes", e.GetProperty("pubtypes").EnumerateArray().Select(x => x.GetString()!), record.PublicationTypes);
            Check(pmid, "keywords", e.GetProperty("keywords").EnumerateArray().Select(x => x.GetString()!.Trim()), record.Keywords);
            Check(pmid, "mesh", e.GetProperty("mesh").EnumerateArray().Select(m =>
                    $"{m[0].GetString()}|{m[1].GetBoolean()}|{string.Join(",", m[2].EnumerateArray().Select(q => $"{q[0].GetString()}:{q[1].GetBoolean()}"))}"),
                record.MeshTerms.Select(m => $"{m.Descriptor}|{m.MajorTopic}|{string.Join(",", m.Qualifiers.Select(q => $"{q.Name}:{q.MajorTopic}"))}"));
            Check(pmid, "links", e.GetProperty("links").EnumerateArray().Select(l => $"{l[0].GetString()}|{l[1].GetString()}"),
                record.Links.Select(l => $"{l.RefType}|{l.Pmid}"));
        }
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()!.Trim() : null;

    private static void Check<T>(string pmid, string field, T expected, T actual)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
            Assert.Fail($"PMID {pmid} {field}: expected «{expected}», got «{actual}»");
    }

    private static void Check(string pmid, string field, IEnumerable<string> expected, IEnumerable<string> actual)
    {
        var e = expected.ToList();
        var a = actual.ToList();
        if (!e.SequenceEqual(a))
            Assert.Fail($"PMID {pmid} {field}: expected [{string.Join(" ; ", e)}], got [{string.Join(" ; ", a)}]");
    }
}

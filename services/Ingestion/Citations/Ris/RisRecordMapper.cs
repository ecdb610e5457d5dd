using EvSysReview.Ingestion.Citations.Text;

namespace EvSysReview.Ingestion.Citations.Ris;

/// <summary>
/// RIS tags differ by exporter; the first tag present wins, in the order listed. Editors (A2,
/// A3) are not authors. Unknown tags are ignored (docs/ingestion-formats.md lists those used).
/// </summary>
internal static class RisRecordMapper
{
    public static CitationRecord Map(IReadOnlyList<TaggedField> fields, int recordIndex, int startLine)
    {

        var startPage = fields.FirstValue("SP");
        var endPage = fields.FirstValue("EP");
        var date = fields.FirstValue("PY", "Y1", "DA");
        // EndNote's PubMed export puts the PMID in AN; Embase puts the MEDLINE PMID in C5.
        var pmid = Identifiers.NormalizePmid(fields.FirstValue("AN")) ?? Identifiers.NormalizePmid(fields.FirstValue("C5"));
        var doi = Identifiers.NormalizeDoi(fields.FirstValue("DO"))
                  ?? fields.Where(f => f.Tag is "L2" or "UR" or "L1" && f.Value.Contains("doi.org/", StringComparison.OrdinalIgnoreCase))
                      .Select(f => Identifiers.NormalizeDoi(f.Value)).FirstOrDefault(d => d is not null);

        return new CitationRecord
        {
            SourceFormat = CitationFormat.Ris,
            RecordIndex = recordIndex,
            SourceLine = startLine,
            Pmid = pmid,
            Doi = doi,
            // PubMed's own RIS export and EndNote put "PMC1234567" in C2; other exporters use C2 for anything.
            Pmcid = fields.Where(f => f.Tag == "C2" && f.Value.StartsWith("PMC", StringComparison.OrdinalIgnoreCase))
                .Select(f => Identifiers.NormalizePmcid(f.Value)).FirstOrDefault(p => p is not null),
            Title = fields.FirstValue("TI", "T1", "CT", "BT", "ST"),
            Abstract = fields.FirstValue("AB", "N2"),
            Authors = ReadAuthors(fields),
            Journal = fields.FirstValue("JF", "T2", "JO", "JA", "J2"),
            JournalIsoAbbreviation = fields.FirstValue("J2", "JA"),
            Volume = fields.FirstValue("VL", "VO"),
            Issue = fields.FirstValue("IS"),
            Pages = endPage is null || startPage is null ? startPage : $"{startPage}-{endPage}",
            Year = PublicationYear.Parse(date),
            PublicationDate = date,
            PublicationTypes = fields.AllValues("M3"),
            Keywords = fields.AllValues("KW"),
            Language = fields.FirstValue("LA"),
        };
    }

    // RIS addresses (AD) belong to the record, not to an author; they go to the first author,
    // as MEDLINE did before per-author affiliations.
    private static List<CitationAuthor> ReadAuthors(IReadOnlyList<TaggedField> fields)
    {
        var authors = fields.Where(f => f.Tag is "AU" or "A1").Select(f => PersonName.Parse(f.Value)).OfType<CitationAuthor>().ToList();
        var addresses = fields.Where(f => f.Tag == "AD" && f.Value.Length > 0).Select(f => f.Value).ToList();
        if (authors.Count > 0 && addresses.Count > 0) authors[0] = authors[0] with { Affiliations = addresses };
        return authors;
    }
}

using EvSysReview.Ingestion.Citations.Text;

namespace EvSysReview.Ingestion.Citations.Ris;

/// <summary>
/// Web of Science "Plain text / Other file format": "XX value" lines, continuation lines indented
/// by three spaces, records from PT to ER, the file framed by FN/VR ... EF.
/// </summary>
internal sealed class WebOfScienceRecordParser(CitationReaderOptions options) : TaggedRecordParser(options)
{
    // One author, address or cited reference per continuation line.
    private static readonly HashSet<string> ListTags = ["AU", "AF", "CR", "C1", "BA", "BF", "CA", "GP", "RI", "OI", "EM"];

    protected override bool BlankLineEndsRecord => false;

    protected override bool TryParseTag(string line, out string tag, out string value)
    {
        tag = value = "";
        if (line.Length < 2 || !char.IsAsciiLetterUpper(line[0]) || !(char.IsAsciiLetterUpper(line[1]) || char.IsAsciiDigit(line[1]))) return false;
        if (line.Length > 2 && line[2] != ' ') return false;
        tag = line[..2];
        value = line.Length > 3 ? line[3..].Trim() : "";
        return true;
    }

    protected override bool StartsRecord(string tag) => tag == "PT";

    protected override bool EndsRecord(string tag) => tag == "ER";

    protected override bool ContinuationAddsValue(string tag) => ListTags.Contains(tag);

    protected override CitationRecord Build(IReadOnlyList<TaggedField> fields, int recordIndex, int startLine)
    {
        string? First(string tag) => fields.FirstOrDefault(f => f.Tag == tag && f.Value.Length > 0)?.Value;
        List<string> All(string tag) => fields.Where(f => f.Tag == tag && f.Value.Length > 0).Select(f => f.Value).ToList();
        // AF has full names; AU only initials. Prefer AF where the export has it.
        var names = All("AF") is { Count: > 0 } full ? full : All("AU");
        var begin = First("BP");
        var end = First("EP");

        return new CitationRecord
        {
            SourceFormat = CitationFormat.WebOfScience,
            RecordIndex = recordIndex,
            SourceLine = startLine,
            Pmid = Identifiers.NormalizePmid(First("PM")),
            Doi = Identifiers.NormalizeDoi(First("DI")),
            Title = First("TI"),
            Abstract = First("AB"),
            Authors = names.Select(PersonName.Parse).OfType<CitationAuthor>()
                .Concat(All("CA").Select(g => new CitationAuthor { CollectiveName = g })).ToList(),
            Journal = First("SO"),
            JournalIsoAbbreviation = First("JI") ?? First("J9"),
            Volume = First("VL"),
            Issue = First("IS"),
            Pages = end is null || begin is null ? begin ?? First("AR") : $"{begin}-{end}",
            Year = PublicationYear.Parse(First("PY")),
            PublicationDate = string.Join(" ", new[] { First("PY"), First("PD") }.Where(p => p is not null)) is { Length: > 0 } d ? d : null,
            PublicationTypes = All("DT").SelectMany(t => t.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList(),
            Keywords = All("DE").SelectMany(k => k.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList(),
            Language = First("LA"),
        };
    }
}

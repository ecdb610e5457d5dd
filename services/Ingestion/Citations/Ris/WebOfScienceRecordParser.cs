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
        // AF has full names; AU only initials. Prefer AF where the export has it.
        var names = fields.AllValues("AF") is { Count: > 0 } full ? full : fields.AllValues("AU");
        var begin = fields.FirstValue("BP");
        var end = fields.FirstValue("EP");

        return new CitationRecord
        {
            SourceFormat = CitationFormat.WebOfScience,
            RecordIndex = recordIndex,
            SourceLine = startLine,
            Pmid = Identifiers.NormalizePmid(fields.FirstValue("PM")),
            Doi = Identifiers.NormalizeDoi(fields.FirstValue("DI")),
            Title = fields.FirstValue("TI"),
            Abstract = fields.FirstValue("AB"),
            Authors = names.Select(PersonName.Parse).OfType<CitationAuthor>()
                .Concat(fields.AllValues("CA").Select(g => new CitationAuthor { CollectiveName = g })).ToList(),
            Journal = fields.FirstValue("SO"),
            JournalIsoAbbreviation = fields.FirstValue("JI") ?? fields.FirstValue("J9"),
            Volume = fields.FirstValue("VL"),
            Issue = fields.FirstValue("IS"),
            Pages = end is null || begin is null ? begin ?? fields.FirstValue("AR") : $"{begin}-{end}",
            Year = PublicationYear.Parse(fields.FirstValue("PY")),
            PublicationDate = string.Join(" ", new[] { fields.FirstValue("PY"), fields.FirstValue("PD") }.Where(p => p is not null)) is { Length: > 0 } d ? d : null,
            PublicationTypes = fields.AllValues("DT").SelectMany(t => t.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList(),
            Keywords = fields.AllValues("DE").SelectMany(k => k.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList(),
            Language = fields.FirstValue("LA"),
        };
    }
}

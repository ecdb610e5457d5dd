using EvSysReview.Ingestion.Citations.Text;

namespace EvSysReview.Ingestion.Citations.Medline;

/// <summary>
/// PubMed's MEDLINE text format (.nbib, "Send to: Citation manager"): "TAG - value" with the tag
/// padded to four columns, continuation lines indented by six spaces, records separated by a
/// blank line.
/// </summary>
public sealed class MedlineReader(CitationReaderOptions? options = null) : TextCitationReader(options)
{
    public override CitationFormat Format => CitationFormat.Medline;

    internal override TextRecordParser CreateParser() => new MedlineRecordParser(Options);
}

internal sealed class MedlineRecordParser(CitationReaderOptions options) : TaggedRecordParser(options)
{
    protected override bool BlankLineEndsRecord => true;

    protected override bool TryParseTag(string line, out string tag, out string value)
    {
        tag = value = "";
        if (line.Length < 5 || line[4] != '-' || !char.IsAsciiLetterUpper(line[0])) return false;
        for (var i = 1; i < 4; i++)
        {
            if (!(char.IsAsciiLetterUpper(line[i]) || char.IsAsciiDigit(line[i]) || line[i] == ' ')) return false;
        }
        tag = line[..4].TrimEnd();
        value = line.Length > 6 ? line[6..].Trim() : "";
        return true;
    }

    protected override bool StartsRecord(string tag) => true;

    protected override bool SplitsRecord(string tag, IReadOnlyList<TaggedField> current) =>
        tag == "PMID" && current.Any(f => f.Tag == "PMID");

    protected override bool EndsRecord(string tag) => false;

    protected override bool ContinuationAddsValue(string tag) => false;

    protected override CitationRecord Build(IReadOnlyList<TaggedField> fields, int recordIndex, int startLine) =>
        MedlineRecordMapper.Map(fields, recordIndex, startLine);
}

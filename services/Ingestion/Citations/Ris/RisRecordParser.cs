using EvSysReview.Ingestion.Citations.Text;

namespace EvSysReview.Ingestion.Citations.Ris;

/// <summary>
/// "XX  - value" lines from TY to ER. Lines without a tag continue the previous tag: EndNote
/// writes one keyword, author address or note per line that way, Embase and rispy's samples wrap
/// long abstracts. Text before TY and between ER and the next TY is ignored.
/// </summary>
internal sealed class RisRecordParser(CitationReaderOptions options) : TaggedRecordParser(options)
{
    // Tags whose untagged continuation lines are further values rather than more of the same text.
    private static readonly HashSet<string> ListTags = ["AU", "A1", "A2", "A3", "A4", "KW", "AD", "N1", "UR", "SN", "L1", "L2", "L4"];

    protected override bool BlankLineEndsRecord => false;

    protected override bool TryParseTag(string line, out string tag, out string value)
    {
        tag = value = "";
        if (line.Length < 5 || line[2] != ' ' || line[3] != ' ' || line[4] != '-') return false;
        if (!char.IsAsciiLetterUpper(line[0]) || !(char.IsAsciiLetterUpper(line[1]) || char.IsAsciiDigit(line[1]))) return false;
        tag = line[..2];
        value = line[5..].Trim();
        return true;
    }

    protected override bool StartsRecord(string tag) => tag == "TY";

    // A TY inside a record means its ER was lost; the record so far is complete enough to keep.
    protected override bool SplitsRecord(string tag, IReadOnlyList<TaggedField> current) => tag == "TY";

    protected override bool EndsRecord(string tag) => tag == "ER";

    protected override bool ContinuationAddsValue(string tag) => ListTags.Contains(tag);

    protected override CitationRecord Build(IReadOnlyList<TaggedField> fields, int recordIndex, int startLine) =>
        RisRecordMapper.Map(fields, recordIndex, startLine);
}

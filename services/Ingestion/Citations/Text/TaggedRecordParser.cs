namespace EvSysReview.Ingestion.Citations.Text;

/// <summary>One "TAG - value" line of a tagged format, with the continuation lines joined on.</summary>
internal sealed class TaggedField(string tag, string value, int line)
{
    public string Tag { get; } = tag;

    public string Value { get; set; } = value;

    public int Line { get; } = line;
}

/// <summary>
/// Shared shape of MEDLINE, RIS and Web of Science tagged files: a record is a run of tagged
/// lines with continuation lines; the formats differ in how a tag looks, where a record starts
/// and ends, and whether a continuation line extends a value or adds one.
/// </summary>
internal abstract class TaggedRecordParser(CitationReaderOptions options) : TextRecordParser(options)
{
    private readonly List<TaggedField> fields = [];
    private int startLine;
    private bool inRecord;

    /// <summary>A tag line: the tag and its value (value empty for "ER  -").</summary>
    protected abstract bool TryParseTag(string line, out string tag, out string value);

    protected abstract bool StartsRecord(string tag);

    /// <summary>True when this tag line closes the record (it is not kept as a field).</summary>
    protected abstract bool EndsRecord(string tag);

    /// <summary>A tag inside a record that begins the next one (the separator was lost).</summary>
    protected virtual bool SplitsRecord(string tag, IReadOnlyList<TaggedField> current) => false;

    /// <summary>True when a blank line closes the record (MEDLINE) rather than being skipped (RIS).</summary>
    protected abstract bool BlankLineEndsRecord { get; }

    /// <summary>Continuation text for <paramref name="tag"/> becomes a new value of that tag.</summary>
    protected abstract bool ContinuationAddsValue(string tag);

    protected abstract CitationRecord Build(IReadOnlyList<TaggedField> fields, int recordIndex, int startLine);

    public override void Accept(string line, int lineNumber, List<CitationReadResult> output)
    {
        var isTag = TryParseTag(line, out var tag, out var value);
        if (!inRecord)
        {
            if (!isTag || !StartsRecord(tag)) return; // text outside records: headers, "1.", export banners
            inRecord = true;
            startLine = lineNumber;
            ResetRecordSize();
        }
        else if (isTag && SplitsRecord(tag, fields))
        {
            Finish(output);
            Accept(line, lineNumber, output);
            return;
        }

        if (string.IsNullOrWhiteSpace(line))
        {
            if (BlankLineEndsRecord) Finish(output);
            return;
        }
        if (isTag && EndsRecord(tag))
        {
            Finish(output);
            return;
        }
        if (CountTowardsRecord(line, startLine, output)) return;

        if (isTag) fields.Add(new TaggedField(tag, value, lineNumber));
        else if (fields.Count > 0) Continue(fields[^1], line.Trim(), lineNumber);
    }

    public override void Complete(List<CitationReadResult> output)
    {
        if (inRecord && fields.Count > 0 && BlankLineEndsRecord) Finish(output);
        else if (inRecord && !SkippingOversizedRecord)
            output.Add(Failure(startLine, "the file ends inside a record (no end tag); the record was not imported"));
    }

    private void Continue(TaggedField last, string text, int lineNumber)
    {
        if (text.Length == 0) return;
        if (ContinuationAddsValue(last.Tag)) fields.Add(new TaggedField(last.Tag, text, lineNumber));
        else last.Value = last.Value.Length == 0 ? text : last.Value + " " + text;
    }

    private void Finish(List<CitationReadResult> output)
    {
        if (!SkippingOversizedRecord && fields.Count > 0)
        {
            try
            {
                output.Add(CitationReadResult.Success(Build(fields, NextIndex, startLine)));
                TakeIndex();
            }
            catch (FormatException ex)
            {
                output.Add(Failure(startLine, ex.Message));
            }
        }
        fields.Clear();
        inRecord = false;
        ResetRecordSize();
    }
}

internal static class TaggedFieldLookup
{
    /// <summary>The first non-empty value among <paramref name="tags"/>, tried in order.</summary>
    public static string? FirstValue(this IReadOnlyList<TaggedField> fields, params string[] tags)
    {
        foreach (var tag in tags)
        {
            var field = fields.FirstOrDefault(f => f.Tag == tag && f.Value.Length > 0);
            if (field is not null) return field.Value;
        }
        return null;
    }

    public static List<string> AllValues(this IReadOnlyList<TaggedField> fields, string tag) =>
        fields.Where(f => f.Tag == tag && f.Value.Length > 0).Select(f => f.Value).ToList();
}

using System.Text;
using EvSysReview.Ingestion.Citations.Text;

namespace EvSysReview.Ingestion.Citations.Csv;

internal sealed class CsvRecordParser(CsvColumnMapping? mapping, CitationReaderOptions options) : TextRecordParser(options)
{
    private readonly StringBuilder row = new();
    private bool inQuotes;
    private int rowStartLine;
    private char delimiter = ',';
    private Dictionary<string, int>? columns;
    private CsvColumnMapping? effectiveMapping;
    private bool headerRejected;

    public override void Accept(string line, int lineNumber, List<CitationReadResult> output)
    {
        if (headerRejected) return;
        if (row.Length == 0 && !inQuotes)
        {
            if (string.IsNullOrWhiteSpace(line)) return;
            rowStartLine = lineNumber;
            ResetRecordSize();
        }
        else
        {
            row.Append('\n'); // a line break inside a quoted field is part of the value
        }
        if (CountTowardsRecord(line, rowStartLine, output))
        {
            // Still track quotes so the next row starts in the right place.
            inQuotes ^= CountQuotes(line) % 2 == 1;
            if (!inQuotes) row.Clear();
            return;
        }
        row.Append(line);
        inQuotes ^= CountQuotes(line) % 2 == 1;
        if (inQuotes) return;

        var text = row.ToString();
        row.Clear();
        if (columns is null) ReadHeader(text, output);
        else output.Add(ReadRow(text));
    }

    public override void Complete(List<CitationReadResult> output)
    {
        if (inQuotes && !SkippingOversizedRecord)
            output.Add(Failure(rowStartLine, "the file ends inside a quoted field; the row was not imported"));
    }

    private void ReadHeader(string text, List<CitationReadResult> output)
    {
        if (!text.Contains(',') && (text.Contains(';') || text.Contains('\t'))) delimiter = text.Contains('\t') ? '\t' : ';';
        var header = Split(text);
        columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Count; i++) columns.TryAdd(header[i].Trim(), i);
        // A given mapping names the columns it knows; the usual headers fill the fields it leaves out.
        effectiveMapping = mapping is null ? CsvColumnMapping.Detect(header) : mapping.Over(CsvColumnMapping.Detect(header));
        var missing = effectiveMapping.MappedColumns().Where(c => !columns.ContainsKey(c)).ToList();
        if (missing.Count > 0 || effectiveMapping.Title is null && effectiveMapping.Abstract is null && effectiveMapping.Pmid is null && effectiveMapping.Doi is null)
        {
            headerRejected = true;
            var reason = missing.Count > 0
                ? $"mapped column(s) not in the header: {string.Join(", ", missing)}"
                : "no title, abstract, PMID or DOI column found";
            output.Add(Failure(rowStartLine, $"{reason}; header columns are: {string.Join(", ", header)}"));
        }
    }

    private CitationReadResult ReadRow(string text)
    {
        var fields = Split(text);
        if (fields.Count != columns!.Count)
            return Failure(rowStartLine, $"row has {fields.Count} fields, the header has {columns.Count}");
        string? Value(string? column)
        {
            if (column is null) return null;
            var value = fields[columns[column]].Trim();
            return value.Length == 0 ? null : value;
        }
        var m = effectiveMapping!;
        var record = new CitationRecord
        {
            SourceFormat = CitationFormat.Csv,
            RecordIndex = NextIndex,
            SourceLine = rowStartLine,
            Title = Value(m.Title),
            Abstract = Value(m.Abstract),
            Authors = CsvAuthorList.Parse(Value(m.Authors)),
            Year = PublicationYear.Parse(Value(m.Year)),
            PublicationDate = Value(m.Year),
            Doi = Identifiers.NormalizeDoi(Value(m.Doi)),
            Pmid = Identifiers.NormalizePmid(Value(m.Pmid)),
            Pmcid = Identifiers.NormalizePmcid(Value(m.Pmcid)),
            Journal = Value(m.Journal),
            Volume = Value(m.Volume),
            Issue = Value(m.Issue),
            Pages = Value(m.Pages),
            Keywords = Value(m.Keywords)?.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [],
            Language = Value(m.Language),
        };
        if (record is { Title: null, Abstract: null, Pmid: null, Doi: null })
            return Failure(rowStartLine, "row has no title, abstract, PMID or DOI");
        TakeIndex();
        return CitationReadResult.Success(record);
    }

    /// <summary>RFC 4180 fields of one complete row (quotes balanced).</summary>
    private List<string> Split(string text)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i + 1 < text.Length && text[i + 1] == '"') field.Append(text[++i]);
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else field.Append(c);
        }
        fields.Add(field.ToString());
        return fields;
    }

    private static int CountQuotes(string line)
    {
        var count = 0;
        foreach (var c in line) if (c == '"') count++;
        return count;
    }
}

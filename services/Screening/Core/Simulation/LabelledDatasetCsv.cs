using System.Text;

namespace EvSysReview.Screening.Core.Simulation;

/// <summary>
/// Parses the labelled CSV layout of ASReview benchmark datasets (RFC 4180: quoted fields may
/// hold commas, doubled quotes and line breaks). Columns are found by name: an id column
/// (record_id, id or pubmedID), title, abstract, and label_included or included. The caller
/// opens the file; this only reads text.
/// </summary>
public static class LabelledDatasetCsv
{
    private static readonly string[] IdColumns = ["record_id", "id", "pubmedID"];
    private static readonly string[] LabelColumns = ["label_included", "included"];

    public static IReadOnlyList<LabelledCitation> Read(TextReader reader)
    {
        using var rows = ReadRows(reader).GetEnumerator();
        if (!rows.MoveNext())
        {
            return [];
        }

        var header = rows.Current;
        int Find(params string[] names) =>
            names.Select(n => header.FindIndex(h => string.Equals(h, n, StringComparison.OrdinalIgnoreCase))).FirstOrDefault(i => i >= 0, -1);
        var id = Find(IdColumns);
        var title = Find("title");
        var abstractText = Find("abstract");
        var label = Find(LabelColumns);
        if (label < 0)
        {
            throw new FormatException("The dataset has no label_included or included column.");
        }

        var citations = new List<LabelledCitation>();
        while (rows.MoveNext())
        {
            var row = rows.Current;
            string? Field(int index) => index >= 0 && index < row.Count && row[index] is { Length: > 0 } v && v != "NA" ? v : null;
            citations.Add(new LabelledCitation(Field(id) ?? citations.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), Field(title), Field(abstractText), Field(label) == "1"));
        }

        return citations;
    }

    private static IEnumerable<List<string>> ReadRows(TextReader reader)
    {
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var any = false;
        int c;
        while ((c = reader.Read()) != -1)
        {
            any = true;
            var ch = (char)c;
            if (quoted)
            {
                if (ch != '"')
                {
                    field.Append(ch);
                }
                else if (reader.Peek() == '"')
                {
                    field.Append('"');
                    reader.Read();
                }
                else
                {
                    quoted = false;
                }

                continue;
            }

            switch (ch)
            {
                case '"':
                    quoted = true;
                    break;
                case ',':
                    row.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    row.Add(field.ToString());
                    field.Clear();
                    yield return row;
                    row = [];
                    any = false;
                    break;
                default:
                    field.Append(ch);
                    break;
            }
        }

        if (any)
        {
            row.Add(field.ToString());
            yield return row;
        }
    }
}

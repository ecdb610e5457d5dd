using EvSysReview.Ingestion.Citations.Text;

namespace EvSysReview.Ingestion.Citations.Csv;

/// <summary>
/// RFC 4180 CSV with a header row: quoted fields may hold the delimiter, doubled quotes and line
/// breaks. Columns are mapped by <see cref="CsvColumnMapping"/> (detected from the header when
/// none is given). The delimiter is ',' unless the header has none and has ';' or a tab.
/// </summary>
public sealed class CsvReader(CsvColumnMapping? mapping = null, CitationReaderOptions? options = null) : TextCitationReader(options)
{
    public override CitationFormat Format => CitationFormat.Csv;

    internal override TextRecordParser CreateParser() => new CsvRecordParser(mapping, Options);
}

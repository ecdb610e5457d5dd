using EvSysReview.Ingestion.Citations;
using EvSysReview.Ingestion.Citations.Csv;
using EvSysReview.Ingestion.Citations.Medline;
using EvSysReview.Ingestion.Citations.PubMed;
using EvSysReview.Ingestion.Citations.Ris;
using Microsoft.Net.Http.Headers;

namespace EvSysReview.Ingestion.Imports;

public enum ImportFormat
{
    PubMedXml,
    Ris,
    Medline,
    Csv,
}

/// <summary>Which reader an upload gets, from its Content-Type (or, inside multipart, its file name).</summary>
public static class ImportFormats
{
    public static readonly IReadOnlyDictionary<string, ImportFormat> ByMediaType = new Dictionary<string, ImportFormat>(StringComparer.OrdinalIgnoreCase)
    {
        ["application/xml"] = ImportFormat.PubMedXml,
        ["text/xml"] = ImportFormat.PubMedXml,
        ["application/x-research-info-systems"] = ImportFormat.Ris,
        ["text/plain"] = ImportFormat.Medline,
        ["text/csv"] = ImportFormat.Csv,
    };

    private static readonly Dictionary<string, ImportFormat> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".xml"] = ImportFormat.PubMedXml,
        [".ris"] = ImportFormat.Ris,
        [".nbib"] = ImportFormat.Medline,
        [".txt"] = ImportFormat.Medline,
        [".csv"] = ImportFormat.Csv,
    };

    public static string Supported => string.Join(", ", ByMediaType.Keys) + ", multipart/form-data";

    public static ImportFormat? FromContentType(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed) && ByMediaType.TryGetValue(parsed.MediaType.ToString(), out var format) ? format : null;

    /// <summary>"export.ris", "pubmed.xml.gz": the extension under a .gz decides (the gzip itself is sniffed later).</summary>
    public static ImportFormat? FromFileName(string? fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName)) return null;
        var name = fileName.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? fileName[..^3] : fileName;
        return ByExtension.TryGetValue(Path.GetExtension(name), out var format) ? format : null;
    }

    public static string DefaultSource(ImportFormat format) => format switch
    {
        ImportFormat.PubMedXml => "file:pubmed-xml",
        ImportFormat.Ris => "file:ris",
        ImportFormat.Medline => "file:medline",
        _ => "file:csv",
    };

    /// <summary>
    /// text/plain is PubMed's MEDLINE (.nbib) by contract, but RIS and Web of Science exports are
    /// often saved as .txt too: the first non-blank line ("TY  -", "FN ") tells them apart.
    /// </summary>
    public static ICitationReader Reader(ImportFormat format, string? firstLine, CitationReaderOptions options, CsvColumnMapping? csvColumns = null) => format switch
    {
        ImportFormat.PubMedXml => new PubMedXmlReader(options),
        ImportFormat.Ris => new RisReader(options),
        ImportFormat.Medline when firstLine is not null && (firstLine.StartsWith("TY  -", StringComparison.Ordinal) || firstLine.StartsWith("FN ", StringComparison.Ordinal)) => new RisReader(options),
        ImportFormat.Medline => new MedlineReader(options),
        _ => new CsvReader(csvColumns, options),
    };
}

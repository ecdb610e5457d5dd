using EvSysReview.Ingestion.Citations.Text;

namespace EvSysReview.Ingestion.Citations.Ris;

/// <summary>
/// RIS exports (PubMed/Zotero, EndNote, Embase, Scopus) and, detected by its "FN " header, the
/// Web of Science tagged format that people often save with a .ris or .txt name.
/// </summary>
public sealed class RisReader(CitationReaderOptions? options = null) : TextCitationReader(options)
{
    public override CitationFormat Format => CitationFormat.Ris;

    internal override TextRecordParser CreateParser() => new FormatSniffingParser(Options);

    /// <summary>Chooses RIS or Web of Science on the first non-blank line, then forwards everything.</summary>
    private sealed class FormatSniffingParser(CitationReaderOptions options) : TextRecordParser(options)
    {
        private readonly CitationReaderOptions options = options;
        private TextRecordParser? chosen;

        public override void Accept(string line, int lineNumber, List<CitationReadResult> output)
        {
            if (chosen is null)
            {
                if (string.IsNullOrWhiteSpace(line)) return;
                chosen = line.StartsWith("FN ", StringComparison.Ordinal)
                    ? new WebOfScienceRecordParser(options)
                    : new RisRecordParser(options);
            }
            chosen.Accept(line, lineNumber, output);
        }

        public override void Complete(List<CitationReadResult> output) => chosen?.Complete(output);
    }
}

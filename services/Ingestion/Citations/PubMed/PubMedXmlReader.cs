using System.Xml;

namespace EvSysReview.Ingestion.Citations.PubMed;

/// <summary>
/// Reads efetch output (PubmedArticleSet with PubmedArticle and PubmedBookArticle) and the
/// legacy baseline MedlineCitationSet forward only: each field streams from the XmlReader straight
/// into the record (<see cref="PubMedRecordMapper"/>), no article subtree is built. DTDs are ignored
/// and no resolver is set, so external entities are never fetched or expanded (XXE). Malformed XML
/// ends the file with one error naming line, position and the record it broke; the records before
/// it are kept, the broken one is dropped whole.
/// </summary>
public sealed class PubMedXmlReader(CitationReaderOptions? options = null) : ICitationReader
{
    private readonly CitationReaderOptions options = options ?? CitationReaderOptions.Default;

    public CitationFormat Format => CitationFormat.PubMedXml;

    public IEnumerable<CitationReadResult> Read(Stream input)
    {
        var limited = new LimitedInputStream(input, options);
        using var xml = XmlReader.Create(limited, Settings(async: false));
        var cursor = new Cursor(xml, limited);
        while (cursor.Next() is { } result) yield return result;
    }

    public async IAsyncEnumerable<CitationReadResult> ReadAsync(
        Stream input, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var limited = new LimitedInputStream(input, options);
        using var xml = XmlReader.Create(limited, Settings(async: true));
        var cursor = new Cursor(xml, limited);
        while (await cursor.NextAsync(cancellationToken).ConfigureAwait(false) is { } result) yield return result;
    }

    private static XmlReaderSettings Settings(bool async) => new()
    {
        Async = async,
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = false,
        // Whitespace between inline elements ("<i>a</i> <i>b</i>") is content, so it is kept.
        IgnoreWhitespace = false,
    };

    private enum Step
    {
        Continue,
        Text,
        RecordEnd,
        WrongRoot,
        Skip,
    }

    /// <summary>
    /// Walks the document; holds the state shared by the sync and async paths so each path is
    /// only the loop. It stops for good after a fatal error (malformed XML, a size cap).
    /// </summary>
    private sealed class Cursor
    {
        /// <summary>
        /// XmlReader holds a whole start tag with its attributes before the cursor sees it, so the
        /// record cap also counts everything outside an article: from the start, and from each
        /// article's end to the next one's start tag. Without it a huge attribute on the root or an
        /// article's start tag would be held to the 4 GiB input cap only.
        /// </summary>
        private const string OutsideArticles = "the XML outside an article";

        private readonly XmlReader xml;
        private readonly LimitedInputStream limited;

        public Cursor(XmlReader xml, LimitedInputStream limited)
        {
            this.xml = xml;
            this.limited = limited;
            lineInfo = (IXmlLineInfo)xml;
            limited.BeginRecord(OutsideArticles);
        }

        private readonly IXmlLineInfo lineInfo;
        private readonly PubMedRecordMapper mapper = new();
        private int index;
        private int recordLine;
        private bool inRecord;
        private bool finished;
        private string rootName = "";
        private int rootLine;

        public CitationReadResult? Next()
        {
            if (finished) return null;
            try
            {
                // After Skip the reader already stands on the next node.
                var standing = false;
                while (standing || xml.Read())
                {
                    standing = false;
                    switch (Classify())
                    {
                        case Step.Text: mapper.Text(xml.Value, xml.NodeType); break;
                        case Step.RecordEnd: return Complete();
                        case Step.WrongRoot: return WrongRoot(ErrorBody());
                        case Step.Skip:
                            xml.Skip();
                            standing = !xml.EOF;
                            break;
                    }
                }
            }
            catch (Exception ex) when (ex is XmlException or InputTooLargeException)
            {
                return Fatal(ex);
            }
            finished = true;
            return null;
        }

        public async ValueTask<CitationReadResult?> NextAsync(CancellationToken cancellationToken)
        {
            if (finished) return null;
            try
            {
                var standing = false;
                while (standing || await xml.ReadAsync().ConfigureAwait(false))
                {
                    standing = false;
                    cancellationToken.ThrowIfCancellationRequested();
                    switch (Classify())
                    {
                        case Step.Text: mapper.Text(await xml.GetValueAsync().ConfigureAwait(false), xml.NodeType); break;
                        case Step.RecordEnd: return Complete();
                        case Step.WrongRoot: return WrongRoot(await ErrorBodyAsync().ConfigureAwait(false));
                        case Step.Skip:
                            await xml.SkipAsync().ConfigureAwait(false);
                            standing = !xml.EOF;
                            break;
                    }
                }
            }
            catch (Exception ex) when (ex is XmlException or InputTooLargeException)
            {
                return Fatal(ex);
            }
            finished = true;
            return null;
        }

        /// <summary>What the node the reader stands on means; element starts and ends go to the mapper here.</summary>
        private Step Classify()
        {
            switch (xml.NodeType)
            {
                case XmlNodeType.Element when inRecord:
                    return mapper.StartElement(xml) ? Step.Skip : Step.Continue;
                case XmlNodeType.Element when xml.Depth == 0:
                    if (xml.LocalName is "PubmedArticleSet" or "MedlineCitationSet") return Step.Continue;
                    (rootName, rootLine) = (xml.LocalName, lineInfo.LineNumber);
                    return Step.WrongRoot;
                case XmlNodeType.Element when xml.Depth == 1 && PubMedRecordMapper.IsRecord(xml.LocalName):
                    inRecord = true;
                    recordLine = lineInfo.LineNumber;
                    limited.BeginRecord();
                    mapper.Begin(xml.LocalName);
                    return xml.IsEmptyElement ? Step.RecordEnd : Step.Continue;
                case XmlNodeType.EndElement when inRecord:
                    return mapper.EndElement(xml.Depth) ? Step.RecordEnd : Step.Continue;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace
                    when inRecord && mapper.WantsText:
                    return Step.Text;
                default:
                    return Step.Continue;
            }
        }

        private CitationReadResult Complete()
        {
            inRecord = false;
            limited.BeginRecord(OutsideArticles);
            var recordIndex = index++;
            try
            {
                return CitationReadResult.Success(mapper.Draft.Build(recordIndex, recordLine));
            }
            catch (FormatException ex)
            {
                return CitationReadResult.Failure(new RecordError(recordIndex, recordLine, null, ex.Message), Identifiers.NormalizePmid(mapper.Pmid));
            }
        }

        // efetch answers a bad request with <eFetchResult><ERROR>…</ERROR>; say so rather than "0 records".
        private CitationReadResult WrongRoot(string? error)
        {
            finished = true;
            return CitationReadResult.Fatal(new RecordError(index, rootLine, null,
                $"not a PubMed article set (root element <{rootName}>){(error is null ? "" : ": " + error.Trim())}"));
        }

        /// <summary>The text of the wrong root's ERROR child, if it has one; other children are skipped.</summary>
        private string? ErrorBody()
        {
            if (xml.IsEmptyElement) return null;
            xml.Read();
            while (!xml.EOF && xml.Depth > 0)
            {
                if (xml is not { NodeType: XmlNodeType.Element, Depth: 1 }) xml.Read();
                else if (xml.LocalName == "ERROR") return xml.ReadElementContentAsString();
                else xml.Skip();
            }
            return null;
        }

        private async Task<string?> ErrorBodyAsync()
        {
            if (xml.IsEmptyElement) return null;
            await xml.ReadAsync().ConfigureAwait(false);
            while (!xml.EOF && xml.Depth > 0)
            {
                if (xml is not { NodeType: XmlNodeType.Element, Depth: 1 }) await xml.ReadAsync().ConfigureAwait(false);
                else if (xml.LocalName == "ERROR") return await xml.ReadElementContentAsStringAsync().ConfigureAwait(false);
                else await xml.SkipAsync().ConfigureAwait(false);
            }
            return null;
        }

        private CitationReadResult Fatal(Exception ex)
        {
            finished = true;
            // Name the record that broke, so the uploader can find it; it is dropped whole.
            var where = !inRecord ? "" : $" in the record starting at line {recordLine}{(mapper.Pmid is { Length: > 0 } pmid ? $" (PMID {pmid})" : "")}";
            return ex is XmlException xmlError
                ? CitationReadResult.Fatal(new RecordError(index, xmlError.LineNumber, xmlError.LinePosition,
                    $"malformed XML at line {xmlError.LineNumber}, position {xmlError.LinePosition}{where}: {xmlError.Message}; the rest of the file was not read"))
                : CitationReadResult.Fatal(new RecordError(index, lineInfo.LineNumber, null, $"{ex.Message}{where}; the rest of the file was not read"));
        }
    }
}

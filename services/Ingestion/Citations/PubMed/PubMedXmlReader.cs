using System.Xml;
using System.Xml.Linq;

namespace EvSysReview.Ingestion.Citations.PubMed;

/// <summary>
/// Reads efetch output (PubmedArticleSet with PubmedArticle and PubmedBookArticle) and the
/// legacy baseline MedlineCitationSet, one article subtree at a time. DTDs are ignored and no
/// resolver is set, so external entities are never fetched or expanded (XXE). Malformed XML
/// ends the file with one error naming line and position; the records before it are kept.
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

    /// <summary>
    /// Walks the document; holds the state shared by the sync and async paths so each path is
    /// only the loop. It stops for good after a fatal error (malformed XML, a size cap).
    /// </summary>
    private sealed class Cursor(XmlReader xml, LimitedInputStream limited)
    {
        private static readonly HashSet<string> RecordElements = ["PubmedArticle", "PubmedBookArticle", "MedlineCitation"];
        private static readonly HashSet<string> RootElements = ["PubmedArticleSet", "MedlineCitationSet"];
        private readonly IXmlLineInfo lineInfo = (IXmlLineInfo)xml;
        private int index;
        private bool finished;

        public CitationReadResult? Next()
        {
            if (finished) return null;
            try
            {
                while (xml.ReadState == ReadState.Initial ? xml.Read() : !xml.EOF)
                {
                    if (IsRecordStart())
                    {
                        var line = lineInfo.LineNumber;
                        limited.BeginRecord();
                        var element = (XElement)XNode.ReadFrom(xml);
                        limited.EndRecord();
                        return Map(element, line);
                    }
                    if (CheckRoot() is { } rootError) return rootError;
                    xml.Read();
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
                while (xml.ReadState == ReadState.Initial ? await xml.ReadAsync().ConfigureAwait(false) : !xml.EOF)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (IsRecordStart())
                    {
                        var line = lineInfo.LineNumber;
                        limited.BeginRecord();
                        var element = (XElement)await XNode.ReadFromAsync(xml, cancellationToken).ConfigureAwait(false);
                        limited.EndRecord();
                        return Map(element, line);
                    }
                    if (CheckRoot() is { } rootError) return rootError;
                    await xml.ReadAsync().ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is XmlException or InputTooLargeException)
            {
                return Fatal(ex);
            }
            finished = true;
            return null;
        }

        private bool IsRecordStart() =>
            xml is { NodeType: XmlNodeType.Element, Depth: 1 } && RecordElements.Contains(xml.LocalName);

        // efetch answers a bad request with <eFetchResult><ERROR>…</ERROR>; say so rather than "0 records".
        private CitationReadResult? CheckRoot()
        {
            if (xml is not { NodeType: XmlNodeType.Element, Depth: 0 } || RootElements.Contains(xml.LocalName)) return null;
            var root = xml.LocalName;
            var line = lineInfo.LineNumber;
            var message = XNode.ReadFrom(xml) is XElement e && e.Element("ERROR") is { } error ? $": {error.Value.Trim()}" : "";
            finished = true;
            return CitationReadResult.Failure(new RecordError(index, line, null,
                $"not a PubMed article set (root element <{root}>){message}"));
        }

        private CitationReadResult Map(XElement element, int line)
        {
            var recordIndex = index++;
            try
            {
                return CitationReadResult.Success(PubMedArticleMapper.Map(element, recordIndex, line));
            }
            catch (FormatException ex)
            {
                return CitationReadResult.Failure(new RecordError(recordIndex, line, null, ex.Message));
            }
        }

        private CitationReadResult Fatal(Exception ex)
        {
            finished = true;
            return ex is XmlException xmlError
                ? CitationReadResult.Failure(new RecordError(index, xmlError.LineNumber, xmlError.LinePosition,
                    $"malformed XML at line {xmlError.LineNumber}, position {xmlError.LinePosition}: {xmlError.Message}; the rest of the file was not read"))
                : CitationReadResult.Failure(new RecordError(index, lineInfo.LineNumber, null, $"{ex.Message}; the rest of the file was not read"));
        }
    }
}

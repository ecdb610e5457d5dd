using System.Xml;
using System.Xml.Linq;

namespace EvSysReview.Ingestion.Citations.EUtilities;

/// <summary>
/// Loads a (small) E-utilities response with the same safe settings as the article reader: no
/// DTD processing, no resolver, a size cap. Malformed or oversized bodies become an error the
/// poller can log and retry, never an exception from deep inside XmlReader.
/// </summary>
internal static class EUtilitiesXml
{
    /// <summary>
    /// ESearch with retmax=10000 is about 200 KB; anything far larger is not a real answer. Only for
    /// callers with no cap of their own: the alerts pass Ingestion:Alerts:MaxAnswerBytes, which their
    /// answer was read under, so no answer that cap let in fails here with another message.
    /// </summary>
    public const long MaxResponseBytes = 32L * 1024 * 1024;

    public static async Task<(XElement? Root, EUtilitiesError? Error)> LoadAsync(Stream input, CancellationToken cancellationToken, long maxBytes = MaxResponseBytes)
    {
        var limited = new LimitedInputStream(input, new CitationReaderOptions { MaxInputBytes = maxBytes });
        var settings = new XmlReaderSettings
        {
            Async = true, DtdProcessing = DtdProcessing.Ignore, XmlResolver = null, CloseInput = false,
            IgnoreComments = true, IgnoreProcessingInstructions = true,
        };
        try
        {
            using var reader = XmlReader.Create(limited, settings);
            var document = await XDocument.LoadAsync(reader, LoadOptions.None, cancellationToken).ConfigureAwait(false);
            var root = document.Root!;
            // NCBI answers a bad request with HTTP 200 and <ERROR> as the body's first child.
            var error = root.Name.LocalName == "ERROR" ? root : root.Element("ERROR");
            return error is null ? (root, null) : (null, new EUtilitiesError(EUtilitiesErrorKind.ServiceError, error.Value.Trim()));
        }
        catch (XmlException ex)
        {
            return (null, new EUtilitiesError(EUtilitiesErrorKind.MalformedResponse, $"malformed XML at line {ex.LineNumber}, position {ex.LinePosition}: {ex.Message}"));
        }
        catch (InputTooLargeException ex)
        {
            return (null, new EUtilitiesError(EUtilitiesErrorKind.MalformedResponse, ex.Message));
        }
    }

    public static (XElement? Root, EUtilitiesError? Error) Load(Stream input) =>
        LoadAsync(input, CancellationToken.None).GetAwaiter().GetResult();

    public static EUtilitiesError? ExpectRoot(XElement root, string name) =>
        root.Name.LocalName == name ? null : new EUtilitiesError(EUtilitiesErrorKind.MalformedResponse, $"expected <{name}>, got <{root.Name.LocalName}>");
}

public enum EUtilitiesErrorKind
{
    /// <summary>NCBI said the request was wrong (&lt;ERROR&gt;): bad db, missing id, bad WebEnv.</summary>
    ServiceError,

    /// <summary>The body is not the XML expected (truncated, HTML error page, too large).</summary>
    MalformedResponse,
}

public sealed record EUtilitiesError(EUtilitiesErrorKind Kind, string Message);

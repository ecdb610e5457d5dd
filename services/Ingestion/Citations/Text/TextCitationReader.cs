namespace EvSysReview.Ingestion.Citations.Text;

/// <summary>A reader for a line-based format: a fresh parser per read, the shared line driver.</summary>
public abstract class TextCitationReader(CitationReaderOptions? options) : ICitationReader
{
    protected CitationReaderOptions Options { get; } = options ?? CitationReaderOptions.Default;

    public abstract CitationFormat Format { get; }

    public IEnumerable<CitationReadResult> Read(Stream input) => LineDriver.Run(input, Options, CreateParser());

    public IAsyncEnumerable<CitationReadResult> ReadAsync(Stream input, CancellationToken cancellationToken = default) =>
        LineDriver.RunAsync(input, Options, CreateParser(), cancellationToken);

    internal abstract TextRecordParser CreateParser();
}

using System.Threading.Channels;

namespace EvSysReview.Ingestion.Imports;

/// <summary>Hands accepted uploads to the import worker; the store's pending list is the durable copy.</summary>
public sealed class ImportQueue
{
    private readonly Channel<PendingImport> channel = Channel.CreateUnbounded<PendingImport>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<PendingImport> Reader => channel.Reader;

    public void Enqueue(PendingImport import) => channel.Writer.TryWrite(import);
}

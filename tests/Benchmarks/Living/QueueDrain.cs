using EvSysReview.TestSupport;
using RabbitMQ.Client;

namespace EvSysReview.Benchmarks.Living;

/// <summary>
/// Watches whether any of the queues named with a prefix has a message waiting, asking the broker itself: a passive
/// declare answers with the live count (the management API's counts lag by its statistics interval,
/// 5 s by default). Watching the catch-up this way costs the broker a few frames; polling the PRISMA
/// counts instead reads every record of the project each time, and took a third of the synthesis
/// host's CPU during the catch-up it was measuring. Opened before the measured run ends, so the
/// catch-up it times does not include listing the queues and opening a connection.
/// </summary>
internal sealed class QueueDrain : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly IReadOnlyList<string> _names;

    private QueueDrain(IConnection connection, IChannel channel, IReadOnlyList<string> names) => (_connection, _channel, _names) = (connection, channel, names);

    public static async Task<QueueDrain> OpenAsync(string rabbitUri, string queuePrefix)
    {
        var uri = new Uri(rabbitUri);
        var names = (await Broker.QueueNamesAsync(uri)).Where(n => n.StartsWith(queuePrefix, StringComparison.Ordinal)).ToList();
        var connection = await new ConnectionFactory { Uri = uri }.CreateConnectionAsync();
        return new QueueDrain(connection, await connection.CreateChannelAsync(), names);
    }

    /// <summary>Returns once no message waits in any of the queues.</summary>
    public async Task WaitAsync(TimeSpan poll, int timeoutSeconds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            long ready = 0;
            foreach (var name in _names) ready += (await _channel.QueueDeclarePassiveAsync(name)).MessageCount;
            if (ready == 0) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{ready} messages still waiting in the run's queues after {timeoutSeconds} s.");
            await Task.Delay(poll);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}

using EvSysReview.TestSupport;
using RabbitMQ.Client;

namespace EvSysReview.Benchmarks.Living;

/// <summary>
/// Waits until none of the queues named with a prefix has a message waiting, asking the broker itself: a passive
/// declare answers with the live count (the management API's counts lag by its statistics interval,
/// 5 s by default). Watching the catch-up this way costs the broker a few frames; polling the PRISMA
/// counts instead reads every record of the project each time, and took a third of the synthesis
/// host's CPU during the catch-up it was measuring.
/// </summary>
internal static class QueueDrain
{
    public static async Task WaitAsync(string rabbitUri, string queuePrefix, TimeSpan poll, int timeoutSeconds)
    {
        var uri = new Uri(rabbitUri);
        var names = (await Broker.QueueNamesAsync(uri)).Where(n => n.StartsWith(queuePrefix, StringComparison.Ordinal)).ToList();
        var factory = new ConnectionFactory { Uri = uri };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            long ready = 0;
            foreach (var name in names) ready += (await channel.QueueDeclarePassiveAsync(name)).MessageCount;
            if (ready == 0) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{ready} messages still waiting in the run's queues after {timeoutSeconds} s.");
            await Task.Delay(poll);
        }
    }
}

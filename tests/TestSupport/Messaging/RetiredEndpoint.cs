using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace EvSysReview.TestSupport.Messaging;

/// <summary>
/// A receive endpoint an earlier version had, declared on the real broker as MassTransit declared
/// it (message exchange → endpoint exchange → quorum queue), for the tests of RetiredQueueRemoval.
/// </summary>
public sealed class RetiredEndpoint(string messageExchange, string name)
{
    public static async Task<IConnection> ConnectAsync() =>
        await new ConnectionFactory { Uri = new Uri(await Broker.UriAsync()) }.CreateConnectionAsync();

    public async Task DeclareAsync(IConnection connection)
    {
        await using var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(messageExchange, ExchangeType.Fanout, durable: true, autoDelete: false);
        await channel.ExchangeDeclareAsync(name, ExchangeType.Fanout, durable: true, autoDelete: false);
        await channel.ExchangeBindAsync(name, messageExchange, "");
        await channel.QueueDeclareAsync(name, durable: true, exclusive: false, autoDelete: false, new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
        await channel.QueueBindAsync(name, name, "");
    }

    public static Task<bool> QueueExistsAsync(IConnection connection, string queue) => ExistsAsync(connection, channel => channel.QueueDeclarePassiveAsync(queue));

    public static Task<bool> ExchangeExistsAsync(IConnection connection, string exchange) => ExistsAsync(connection, channel => channel.ExchangeDeclarePassiveAsync(exchange));

    private static async Task<bool> ExistsAsync(IConnection connection, Func<IChannel, Task> passiveDeclare)
    {
        // A failed passive declare closes its channel: one channel per look.
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            await passiveDeclare(channel);
            return true;
        }
        catch (OperationInterruptedException exception) when (exception.ShutdownReason?.ReplyCode == 404)
        {
            return false;
        }
    }
}

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace EvSysReview.ServiceDefaults.Messaging;

/// <summary>
/// At start, on RabbitMQ, removes what MassTransit left of the consumers an earlier version had and
/// this one has not: MassTransit never deletes topology, so the retired consumer's exchange would
/// keep copying every message of its type into a queue nobody reads. The exchange (named like the
/// queue; deleting it drops the binding from the message type's exchange) goes first, so the queue
/// stops growing; then the queue, only if it is empty and no earlier version still consumes it. Messages still in it were published before
/// the upgrade and this version cannot apply them: they are left in place and a warning names the
/// queue and their count (consume them with the previous version, then restart this one).
/// </summary>
public sealed class RetiredQueueRemoval(Uri brokerUri, string queuePrefix, IReadOnlyList<RetiredQueue> retired, ILogger<RetiredQueueRemoval> logger) : IHostedService
{
    private const ushort NotFound = 404;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            // A short timeout: the host's start waits for this, and the bus has its own, longer one.
            var factory = new ConnectionFactory { Uri = brokerUri, ClientProvidedName = "retired-queue-removal", RequestedConnectionTimeout = TimeSpan.FromSeconds(5) };
            await using var connection = await factory.CreateConnectionAsync(cancellationToken);
            foreach (var queue in retired) await RemoveAsync(connection, queuePrefix + queue.Name, queue.Message, cancellationToken);
        }
        catch (Exception exception) when (exception is BrokerUnreachableException or OperationInterruptedException or IOException)
        {
            // Not worth failing the start over: the next start tries again.
            logger.LogWarning(exception, "Could not remove the retired queues {Queues}; will try at the next start", string.Join(", ", retired.Select(q => queuePrefix + q.Name)));
        }
    }

    private async Task RemoveAsync(IConnection connection, string name, string message, CancellationToken cancellationToken)
    {
        // A failed operation closes its channel: one channel per step.
        await using (var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken))
        {
            await channel.ExchangeDeleteAsync(name, ifUnused: false, cancellationToken: cancellationToken);
        }

        await using var queues = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        QueueDeclareOk queue;
        try
        {
            queue = await queues.QueueDeclarePassiveAsync(name, cancellationToken);
        }
        catch (OperationInterruptedException exception) when (exception.ShutdownReason?.ReplyCode == NotFound)
        {
            return;
        }

        // Quorum queues refuse queue.delete's if-empty flag, so look first. Nothing can arrive in
        // between: the exchange that fed the queue is gone.
        if (queue.MessageCount == 0 && queue.ConsumerCount == 0)
        {
            await queues.QueueDeleteAsync(name, ifUnused: false, ifEmpty: false, cancellationToken: cancellationToken);
            logger.LogInformation("Removed the retired queue {Queue} of {Message}", name, message);
            return;
        }

        logger.LogWarning(
            "The retired queue {Queue} still holds {Count} {Message} messages published before this version, which cannot apply them ({Consumers} consumers of an earlier version attached); it receives no new ones. Let the previous version of this service consume them, then restart this one to remove the queue",
            name, queue.MessageCount, message, queue.ConsumerCount);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

using System.Text;
using EvSysReview.ServiceDefaults;
using EvSysReview.TestSupport;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace EvSysReview.Extraction.Tests;

/// <summary>
/// Over the real RabbitMQ: until StudyWithdrawn, extraction consumed every StudyExcluded on the queue
/// {prefix}extraction-study-excluded. A broker that ran that version still has the queue, its
/// exchange and the binding from StudyExcluded's exchange, as MassTransit declared them; starting
/// this version removes them, but never a message it cannot apply.
/// </summary>
public sealed class RetiredQueueTests : IAsyncLifetime
{
    private const string MessageExchange = "EvSysReview.Contracts.Screening:StudyExcluded";
    private readonly string _queuePrefix = $"rq{Guid.NewGuid():N}"[..10] + "-";

    private string Retired => _queuePrefix + "extraction-study-excluded";

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => Broker.DeleteQueuesAsync(_queuePrefix);

    [BrokerFact]
    public async Task An_empty_retired_queue_and_its_exchange_are_deleted_when_the_host_starts()
    {
        await using var connection = await ConnectAsync();
        await DeclareOldTopologyAsync(connection);

        await using (await StartExtractionAsync())
        {
            Assert.False(await ExistsAsync(connection, channel => channel.QueueDeclarePassiveAsync(Retired)));
            Assert.False(await ExistsAsync(connection, channel => channel.ExchangeDeclarePassiveAsync(Retired)));
            // The consumer that replaced it has its own queue.
            Assert.True(await ExistsAsync(connection, channel => channel.QueueDeclarePassiveAsync(_queuePrefix + "extraction-study-withdrawn")));
        }
    }

    [BrokerFact]
    public async Task A_retired_queue_that_still_holds_messages_is_kept_with_them_but_receives_no_more()
    {
        await using var connection = await ConnectAsync();
        await DeclareOldTopologyAsync(connection);
        await using (var channel = await connection.CreateChannelAsync())
        {
            // Straight into the queue (default exchange): through StudyExcluded's exchange it would also reach other tests' queues.
            await channel.BasicPublishAsync("", Retired, Encoding.UTF8.GetBytes("{}"));
        }

        await using (await StartExtractionAsync())
        {
            Assert.False(await ExistsAsync(connection, channel => channel.ExchangeDeclarePassiveAsync(Retired)));
            await using var channel = await connection.CreateChannelAsync();
            Assert.Equal(1u, (await channel.QueueDeclarePassiveAsync(Retired)).MessageCount);
        }
    }

    private async Task<RunningHost> StartExtractionAsync()
    {
        var settings = TestTokens.HostSettings();
        settings["RABBITMQ_URI"] = await Broker.UriAsync();
        settings["Bus:QueuePrefix"] = _queuePrefix;
        settings["Storage:DataDirectory"] = Directory.CreateTempSubdirectory("evsys-extraction-rq-").FullName;
        return await RunningHost.StartAsync((args, configure) => ServiceHost.Create(args, b => b.AddExtraction(), a => a.MapExtraction(), configure), settings);
    }

    private static async Task<IConnection> ConnectAsync() =>
        await new ConnectionFactory { Uri = new Uri(await Broker.UriAsync()) }.CreateConnectionAsync();

    /// <summary>What MassTransit declared for the old receive endpoint: message exchange → endpoint exchange → quorum queue.</summary>
    private async Task DeclareOldTopologyAsync(IConnection connection)
    {
        await using var channel = await connection.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(MessageExchange, ExchangeType.Fanout, durable: true, autoDelete: false);
        await channel.ExchangeDeclareAsync(Retired, ExchangeType.Fanout, durable: true, autoDelete: false);
        await channel.ExchangeBindAsync(Retired, MessageExchange, "");
        await channel.QueueDeclareAsync(Retired, durable: true, exclusive: false, autoDelete: false, new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
        await channel.QueueBindAsync(Retired, Retired, "");
    }

    private static async Task<bool> ExistsAsync(IConnection connection, Func<IChannel, Task> passiveDeclare)
    {
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

using System.Text;
using EvSysReview.ServiceDefaults;
using EvSysReview.TestSupport;
using EvSysReview.TestSupport.Messaging;
using RabbitMQ.Client;

namespace EvSysReview.Extraction.Tests;

/// <summary>
/// Over the real RabbitMQ: until StudyWithdrawn, extraction consumed every StudyExcluded on the queue
/// {prefix}extraction-study-excluded. A broker that ran that version still has the queue, its
/// exchange and the binding from StudyExcluded's exchange, as MassTransit declared them; starting
/// this version removes them, but never a message it cannot apply.
/// </summary>
public sealed class RetiredQueueTests : IAsyncLifetime
{
    private readonly string _queuePrefix = $"rq{Guid.NewGuid():N}"[..10] + "-";

    private RetiredEndpoint Old => new("EvSysReview.Contracts.Screening:StudyExcluded", Retired);

    private string Retired => _queuePrefix + "extraction-study-excluded";

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => Broker.DeleteQueuesAsync(_queuePrefix);

    [BrokerFact]
    public async Task An_empty_retired_queue_and_its_exchange_are_deleted_when_the_host_starts()
    {
        await using var connection = await RetiredEndpoint.ConnectAsync();
        await Old.DeclareAsync(connection);

        await using (await StartExtractionAsync())
        {
            Assert.False(await RetiredEndpoint.QueueExistsAsync(connection, Retired));
            Assert.False(await RetiredEndpoint.ExchangeExistsAsync(connection, Retired));
            // The consumer that replaced it has its own queue.
            Assert.True(await RetiredEndpoint.QueueExistsAsync(connection, _queuePrefix + "extraction-study-withdrawn"));
        }
    }

    [BrokerFact]
    public async Task A_retired_queue_that_still_holds_messages_is_kept_with_them_but_receives_no_more()
    {
        await using var connection = await RetiredEndpoint.ConnectAsync();
        await Old.DeclareAsync(connection);
        await using (var channel = await connection.CreateChannelAsync())
        {
            // Straight into the queue (default exchange): through StudyExcluded's exchange it would also reach other tests' queues.
            await channel.BasicPublishAsync("", Retired, Encoding.UTF8.GetBytes("{}"));
        }

        await using (await StartExtractionAsync())
        {
            Assert.False(await RetiredEndpoint.ExchangeExistsAsync(connection, Retired));
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
}

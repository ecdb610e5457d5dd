using EvSysReview.TestSupport;
using EvSysReview.TestSupport.Messaging;

namespace EvSysReview.Synthesis.Tests.Prisma;

/// <summary>
/// Over the real RabbitMQ: synthesis consumed DecisionRecorded on {prefix}synthesis-decision-recorded
/// until it counted PRISMA from final decisions only (docs/synthesis.md). A broker that ran that
/// version still has the queue bound to DecisionRecorded's exchange; starting this one removes it.
/// </summary>
public sealed class RetiredDecisionQueueTests : IAsyncLifetime
{
    private readonly string _queuePrefix = $"rd{Guid.NewGuid():N}"[..10] + "-";

    private string Retired => _queuePrefix + "synthesis-decision-recorded";

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => Broker.DeleteQueuesAsync(_queuePrefix);

    [BrokerFact]
    public async Task The_decision_recorded_queue_of_the_earlier_version_is_deleted_when_synthesis_starts()
    {
        await using var connection = await RetiredEndpoint.ConnectAsync();
        await new RetiredEndpoint("EvSysReview.Contracts.Screening:DecisionRecorded", Retired).DeclareAsync(connection);
        Assert.True(await RetiredEndpoint.QueueExistsAsync(connection, Retired));

        await using (await SynthesisHost.StartAsync(broker: true, queuePrefix: _queuePrefix))
        {
            Assert.False(await RetiredEndpoint.QueueExistsAsync(connection, Retired));
            Assert.False(await RetiredEndpoint.ExchangeExistsAsync(connection, Retired));
            // Its neighbours are live consumers and stay.
            Assert.True(await RetiredEndpoint.QueueExistsAsync(connection, _queuePrefix + "synthesis-record-advanced"));
        }
    }
}

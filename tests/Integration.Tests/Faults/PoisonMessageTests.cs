using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using EvSysReview.Contracts.Reviews;
using EvSysReview.ServiceDefaults.Storage;
using EvSysReview.TestSupport;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;

namespace EvSysReview.Integration.Tests.Faults;

/// <summary>
/// A message that fails every retry lands in its queue's _error queue without holding up the
/// messages behind it; an operator sees it through the gateway and replays it once the fault is fixed.
/// </summary>
public sealed class PoisonMessageTests : IAsyncLifetime
{
    private readonly BrokerHosts _hosts = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => Broker.DeleteQueuesAsync(_hosts.QueuePrefix);

    private string ErrorQueue => $"{_hosts.QueuePrefix}screening-prerequisite-project-created_error";

    // Quick retries (the counter document is contended) and one short back-off instead of 1 s, 5 s, 15 s.
    private Task<RunningHost> StartScreeningAsync()
    {
        _hosts.Overrides["Bus:ImmediateRetries"] = "10";
        _hosts.Overrides["Bus:BackoffIntervals:0"] = "00:00:00.100";
        return _hosts.StartScreeningAsync();
    }

    /// <summary>The error queue's depth as the gateway's operator page lists it (null: not listed).</summary>
    internal static async Task<long?> DepthAsync(HttpClient operatorClient, string queue)
    {
        var listing = await operatorClient.GetFromJsonAsync<JsonElement>("/api/operations/error-queues");
        return listing.GetProperty("queues").EnumerateArray().Where(q => q.GetProperty("queue").GetString() == queue).Select(q => (long?)q.GetProperty("messages").GetInt64()).FirstOrDefault();
    }

    [BrokerFact]
    public async Task A_poison_message_waits_in_the_error_queue_the_operator_sees_it_and_replays_it_after_the_fix()
    {
        await using var screening = await StartScreeningAsync();
        await using var gateway = await _hosts.StartGatewayAsync("dana");
        var store = BrokerHosts.ScreeningStore(screening);
        var bus = screening.Services.GetRequiredService<IBus>();

        await bus.Publish(new ProjectCreated { ProjectId = Guid.NewGuid(), Title = "first", CreatedBy = "alice" });
        await bus.Publish(new ProjectCreated { ProjectId = Guid.NewGuid(), Title = "needs-reference-data", CreatedBy = "alice" });
        for (var i = 0; i < 5; i++) await bus.Publish(new ProjectCreated { ProjectId = Guid.NewGuid(), Title = $"after the poison {i}", CreatedBy = "alice" });

        await Eventually.HoldsAsync(async () => await PrerequisiteProjectCreatedConsumer.CountAsync(store) == 6, "the six good messages were applied");
        var dana = gateway.Client(TestTokens.Valid("dana"));
        await Eventually.HoldsAsync(async () => await DepthAsync(dana, ErrorQueue) == 1, "the operator sees one message in the error queue");

        // What failed, where and why, without taking it out of the queue.
        var peek = await dana.GetFromJsonAsync<JsonElement>($"/api/operations/error-queues/{ErrorQueue}/messages");
        var failed = Assert.Single(peek.GetProperty("messages").EnumerateArray());
        Assert.EndsWith(":ProjectCreated", failed.GetProperty("messageType").GetString());
        Assert.Contains(nameof(PrerequisiteProjectCreatedConsumer), failed.GetProperty("consumerType").GetString());
        Assert.Equal("System.InvalidOperationException", failed.GetProperty("exceptionType").GetString());
        Assert.Equal("Prerequisite needs-reference-data is missing.", failed.GetProperty("exceptionMessage").GetString());
        Assert.Contains("\"needs-reference-data\"", failed.GetProperty("body").GetString());
        Assert.Equal(1, await DepthAsync(dana, ErrorQueue));
        var badLimit = await dana.GetAsync($"/api/operations/error-queues/{ErrorQueue}/messages?limit=0");
        Assert.Equal((HttpStatusCode.BadRequest, "limit"), (badLimit.StatusCode, (await badLimit.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString()));

        // Only operators: a signed-in non-operator is refused, an anonymous caller is not signed in.
        Assert.Equal(HttpStatusCode.Forbidden, (await gateway.Client(TestTokens.Valid("bob")).GetAsync($"/api/operations/error-queues/{ErrorQueue}/messages")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await gateway.Client(TestTokens.Valid("bob")).GetAsync("/api/operations/error-queues")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await gateway.Client(TestTokens.Valid("bob")).PostAsync($"/api/operations/error-queues/{ErrorQueue}/replay", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.Client().GetAsync("/api/operations/error-queues")).StatusCode);
        var notAnErrorQueue = await dana.PostAsync($"/api/operations/error-queues/{_hosts.QueuePrefix}screening-prerequisite-project-created/replay", null);
        Assert.Equal(HttpStatusCode.BadRequest, notAnErrorQueue.StatusCode);
        Assert.Equal("queue", (await notAnErrorQueue.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await dana.PostAsync($"/api/operations/error-queues/{_hosts.QueuePrefix}no-such_error/replay", null)).StatusCode);

        // The fix: the reference data the message needed arrives.
        await store.CommitAsync(new UnitOfWork().Put(PrerequisiteProjectCreatedConsumer.Prerequisites, "needs-reference-data", "test", new { fixedBy = "operator" }, 0));
        var replay = await dana.PostAsync($"/api/operations/error-queues/{ErrorQueue}/replay", null);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(1, (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("replayed").GetInt32());

        await Eventually.HoldsAsync(async () => await PrerequisiteProjectCreatedConsumer.CountAsync(store) == 7, "the replayed message was applied");
        Assert.Equal(0, await DepthAsync(dana, ErrorQueue));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(7, await PrerequisiteProjectCreatedConsumer.CountAsync(store));
    }

    // Two messages that fail; one will never apply (the operator judges from what the peek shows) and
    // is discarded by its id, the other is replayed after the fix. The discard removes only that one.
    [BrokerFact]
    public async Task An_operator_discards_one_message_by_its_id_and_replays_the_rest()
    {
        await using var screening = await StartScreeningAsync();
        await using var gateway = await _hosts.StartGatewayAsync("dana");
        var store = BrokerHosts.ScreeningStore(screening);
        var bus = screening.Services.GetRequiredService<IBus>();
        var dana = gateway.Client(TestTokens.Valid("dana"));

        await bus.Publish(new ProjectCreated { ProjectId = Guid.NewGuid(), Title = "needs-a-deleted-project", CreatedBy = "alice" });
        await bus.Publish(new ProjectCreated { ProjectId = Guid.NewGuid(), Title = "needs-reference-data", CreatedBy = "alice" });
        await Eventually.HoldsAsync(async () => await DepthAsync(dana, ErrorQueue) == 2, "both messages are in the error queue");
        var messages = (await dana.GetFromJsonAsync<JsonElement>($"/api/operations/error-queues/{ErrorQueue}/messages?limit=5")).GetProperty("messages").EnumerateArray().ToList();
        var hopeless = Assert.Single(messages, m => m.GetProperty("body").GetString()!.Contains("needs-a-deleted-project", StringComparison.Ordinal));
        var hopelessId = hopeless.GetProperty("messageId").GetString();
        Assert.False(string.IsNullOrEmpty(hopelessId));

        Assert.Equal(HttpStatusCode.Forbidden, (await gateway.Client(TestTokens.Valid("bob")).DeleteAsync($"/api/operations/error-queues/{ErrorQueue}/messages/{hopelessId}")).StatusCode);
        var discard = await dana.DeleteAsync($"/api/operations/error-queues/{ErrorQueue}/messages/{hopelessId}");
        var again = await dana.DeleteAsync($"/api/operations/error-queues/{ErrorQueue}/messages/{hopelessId}");

        Assert.Equal(HttpStatusCode.OK, discard.StatusCode);
        Assert.Equal(hopelessId, (await discard.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("discarded").GetProperty("messageId").GetString());
        Assert.Equal((HttpStatusCode.NotFound, "messageId"), (again.StatusCode, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString()));
        Assert.Equal(1, await DepthAsync(dana, ErrorQueue));

        await store.CommitAsync(new UnitOfWork().Put(PrerequisiteProjectCreatedConsumer.Prerequisites, "needs-reference-data", "test", new { fixedBy = "operator" }, 0));
        var replay = await dana.PostAsync($"/api/operations/error-queues/{ErrorQueue}/replay", null);
        Assert.Equal(1, (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("replayed").GetInt32());
        await Eventually.HoldsAsync(async () => await PrerequisiteProjectCreatedConsumer.CountAsync(store) == 1, "the replayed message was applied");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await PrerequisiteProjectCreatedConsumer.CountAsync(store));
        Assert.Equal(0, await DepthAsync(dana, ErrorQueue));
    }

    // Inbox retention (Storage:Retention:Inbox, 10 days here, for the gateway as for the services) forgets which events a
    // consumer applied; a batch that partly succeeded and waited in _error longer than that would
    // re-apply, on replay, the events that had succeeded. The replay leaves such a message where it
    // is and says why.
    [BrokerFact]
    public async Task A_replay_moves_the_fresh_message_and_leaves_one_older_than_the_inbox_retention_in_the_error_queue()
    {
        _hosts.Overrides["Storage:Retention:Inbox"] = "10.00:00:00";
        await using var screening = await StartScreeningAsync();
        await using var gateway = await _hosts.StartGatewayAsync("dana");
        var store = BrokerHosts.ScreeningStore(screening);
        var dana = gateway.Client(TestTokens.Valid("dana"));

        await screening.Services.GetRequiredService<IBus>().Publish(new ProjectCreated { ProjectId = Guid.NewGuid(), Title = "needs-reference-data", CreatedBy = "alice" });
        await Eventually.HoldsAsync(async () => await DepthAsync(dana, ErrorQueue) == 1, "the failed message is in the error queue");
        // Older than the 10 days configured, younger than the default 30: only the setting makes it too old.
        var oldId = await AgedCopyAsync(ErrorQueue, TimeSpan.FromDays(11));
        Assert.Equal(2, await DepthAsync(dana, ErrorQueue));

        await store.CommitAsync(new UnitOfWork().Put(PrerequisiteProjectCreatedConsumer.Prerequisites, "needs-reference-data", "test", new { fixedBy = "operator" }, 0));
        var replay = await dana.PostAsync($"/api/operations/error-queues/{ErrorQueue}/replay", null);

        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        var answer = await replay.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, answer.GetProperty("replayed").GetInt32());
        var kept = answer.GetProperty("tooOld");
        Assert.Equal(1, kept.GetProperty("count").GetInt32());
        Assert.Equal([oldId], kept.GetProperty("messageIds").EnumerateArray().Select(id => id.GetString()));
        Assert.Contains("Storage:Retention:Inbox", kept.GetProperty("reason").GetString());
        await Eventually.HoldsAsync(async () => await PrerequisiteProjectCreatedConsumer.CountAsync(store) == 1, "the fresh message was applied");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await PrerequisiteProjectCreatedConsumer.CountAsync(store));
        var left = (await dana.GetFromJsonAsync<JsonElement>($"/api/operations/error-queues/{ErrorQueue}/messages")).GetProperty("messages");
        Assert.Equal([oldId], left.EnumerateArray().Select(m => m.GetProperty("messageId").GetString()));
    }

    /// <summary>
    /// Puts beside the message waiting in <paramref name="queue"/> a copy of it (another message and
    /// event id) that MassTransit sent and gave up on <paramref name="age"/> earlier: what the queue
    /// holds when a failure was left there that long.
    /// </summary>
    /// <returns>The copy's message id.</returns>
    private static async Task<string> AgedCopyAsync(string queue, TimeSpan age)
    {
        await using var connection = await new ConnectionFactory { Uri = new Uri(await Broker.UriAsync()) }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var original = await channel.BasicGetAsync(queue, autoAck: false) ?? throw new InvalidOperationException($"{queue} is empty.");
        var envelope = JsonNode.Parse(original.Body.Span)!.AsObject();
        var id = Guid.NewGuid().ToString();
        envelope["messageId"] = id;
        envelope["sentTime"] = (DateTimeOffset.Parse(envelope["sentTime"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) - age).ToString("O");
        envelope["message"]!["eventId"] = Guid.NewGuid().ToString();
        var headers = new Dictionary<string, object?>(original.BasicProperties.Headers!)
        {
            ["MT-Fault-Timestamp"] = (DateTimeOffset.UtcNow - age).ToString("O"),
        };
        var aged = new BasicProperties(original.BasicProperties) { MessageId = id, Headers = headers };
        await channel.BasicPublishAsync("", queue, true, new BasicProperties(original.BasicProperties), original.Body);
        await channel.BasicPublishAsync("", queue, true, aged, System.Text.Encoding.UTF8.GetBytes(envelope.ToJsonString()));
        await channel.BasicAckAsync(original.DeliveryTag, false);
        return id;
    }
}

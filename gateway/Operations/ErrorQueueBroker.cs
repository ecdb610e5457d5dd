using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace EvSysReview.Gateway.Operations;

/// <summary>One error queue: MassTransit moved here what failed every retry of the consumer on SourceQueue.</summary>
public sealed record ErrorQueue(string Queue, string SourceQueue, uint Messages);

/// <summary>
/// The broker side of operations: lists the `_error` queues (names from the management API, depths
/// from a passive declare, which is exact where the management statistics lag by seconds) and moves
/// their messages back to the queue they failed on.
/// </summary>
public sealed class ErrorQueueBroker(Uri amqpUri, Uri managementUri, string queuePrefix, IHttpClientFactory clients)
{
    public const string ClientName = "rabbitmq-management";
    public const string Suffix = "_error";

    public string QueuePrefix => queuePrefix;

    public async Task<IReadOnlyList<ErrorQueue>> ListAsync(CancellationToken cancellationToken)
    {
        var names = await ErrorQueueNamesAsync(cancellationToken);
        await using var connection = await ConnectAsync(cancellationToken);
        var queues = new List<ErrorQueue>();
        foreach (var name in names)
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            try
            {
                var declared = await channel.QueueDeclarePassiveAsync(name, cancellationToken);
                queues.Add(new ErrorQueue(name, name[..^Suffix.Length], declared.MessageCount));
            }
            catch (OperationInterruptedException)
            {
                // Deleted between the listing and the declare: nothing to show.
            }
        }

        return queues;
    }

    /// <returns>How many messages went back, or null when the error queue does not exist.</returns>
    public async Task<int?> ReplayAsync(string errorQueue, CancellationToken cancellationToken)
    {
        var source = errorQueue[..^Suffix.Length];
        await using var connection = await ConnectAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        uint waiting;
        try
        {
            waiting = (await channel.QueueDeclarePassiveAsync(errorQueue, cancellationToken)).MessageCount;
            await channel.QueueDeclarePassiveAsync(source, cancellationToken);
        }
        catch (OperationInterruptedException)
        {
            return null;
        }

        // At most what was waiting when the replay began: a message that fails again comes back to
        // the error queue only after its retries, and must not be replayed in a loop.
        var moved = 0;
        while (moved < waiting)
        {
            var message = await channel.BasicGetAsync(errorQueue, autoAck: false, cancellationToken);
            if (message is null) break;
            // Acknowledged only after the broker confirmed the copy on the source queue: a crash in
            // between leaves the message in both queues, and the consumer's inbox applies it once.
            await channel.BasicPublishAsync("", source, true, new BasicProperties(message.BasicProperties), message.Body, cancellationToken);
            await channel.BasicAckAsync(message.DeliveryTag, false, cancellationToken);
            moved++;
        }

        return moved;
    }

    private Task<IConnection> ConnectAsync(CancellationToken cancellationToken) =>
        new ConnectionFactory { Uri = amqpUri, ClientProvidedName = "evsys-gateway-operations" }.CreateConnectionAsync(cancellationToken);

    private async Task<IReadOnlyList<string>> ErrorQueueNamesAsync(CancellationToken cancellationToken)
    {
        var client = clients.CreateClient(ClientName);
        var credentials = Uri.UnescapeDataString(amqpUri.UserInfo is { Length: > 0 } info ? info : "guest:guest");
        var vhost = Uri.EscapeDataString(amqpUri.AbsolutePath.Trim('/') is { Length: > 0 } v ? Uri.UnescapeDataString(v) : "/");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(managementUri, $"api/queues/{vhost}?columns=name"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        using var response = await client.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var queues = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        return queues.RootElement.EnumerateArray()
            .Select(q => q.GetProperty("name").GetString()!)
            .Where(IsErrorQueue)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    public bool IsErrorQueue(string name) =>
        name.StartsWith(queuePrefix, StringComparison.Ordinal) && name.EndsWith(Suffix, StringComparison.Ordinal) && name.Length > queuePrefix.Length + Suffix.Length;
}

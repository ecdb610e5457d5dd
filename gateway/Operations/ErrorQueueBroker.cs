using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace EvSysReview.Gateway.Operations;

/// <summary>One error queue: MassTransit moved here what failed every retry of the consumer on SourceQueue.</summary>
public sealed record ErrorQueue(string Queue, string SourceQueue, uint Messages);

/// <summary>
/// A message in an error queue as an operator needs to judge it: what it is, which consumer gave up
/// on it, when and why (MassTransit's MT-Fault-* headers), and its body (the first 4 KB).
/// </summary>
public sealed record FailedMessage(
    string? MessageId, string? MessageType, string? ConsumerType, DateTimeOffset? FailedAt, string? ExceptionType, string? ExceptionMessage, int BodyBytes, string Body, bool BodyTruncated);

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

    /// <summary>
    /// Moves what was waiting in the error queue back to the queue it failed on. At most what was
    /// waiting when the replay began: a message that fails again comes back to the error queue only
    /// after its retries, and must not be replayed in a loop.
    /// </summary>
    /// <returns>How many messages went back, or null when the error queue (or its source) does not exist.</returns>
    public async Task<int?> ReplayAsync(string errorQueue, CancellationToken cancellationToken)
    {
        var moved = 0;
        var waiting = await RotateAsync(errorQueue, _ =>
        {
            moved++;
            return Rotation.Keep;
        }, cancellationToken, destination: errorQueue[..^Suffix.Length]);
        return waiting is null ? null : moved;
    }

    public const int BodyShown = 4096;

    /// <summary>
    /// The next <paramref name="limit"/> messages of an error queue. Each is read, copied to the
    /// queue's end (confirmed by the broker) and only then acknowledged: a message is never out of
    /// the queue, and a read that is not acknowledged would count as a failed delivery on a quorum
    /// queue (its delivery limit, 20 by default from RabbitMQ 4, drops the message). So a second call
    /// shows the messages after these, and the order of an error queue is not kept.
    /// </summary>
    /// <returns>null when the error queue does not exist.</returns>
    public async Task<IReadOnlyList<FailedMessage>?> PeekAsync(string errorQueue, int limit, CancellationToken cancellationToken)
    {
        var seen = new List<FailedMessage>();
        var waiting = await RotateAsync(errorQueue, message =>
        {
            seen.Add(Describe(message));
            return seen.Count < limit ? Rotation.Keep : Rotation.KeepAndStop;
        }, cancellationToken);
        return waiting is null ? null : seen;
    }

    /// <summary>
    /// Removes the message with this id from the error queue for good (one that no fix will make
    /// apply: an event of a project deleted since, say), keeping every other; the gateway logs what
    /// was removed and by whom.
    /// </summary>
    /// <returns>The removed message; null when the queue or the message is not there.</returns>
    public async Task<FailedMessage?> DiscardAsync(string errorQueue, string messageId, CancellationToken cancellationToken)
    {
        FailedMessage? discarded = null;
        await RotateAsync(errorQueue, message =>
        {
            if (message.BasicProperties.MessageId != messageId) return Rotation.Keep;
            discarded = Describe(message);
            return Rotation.Drop;
        }, cancellationToken);
        return discarded;
    }

    private enum Rotation
    {
        Keep,
        KeepAndStop,
        Drop,
    }

    /// <summary>
    /// Goes through at most the messages waiting when it began, each kept — copied to the end of
    /// <paramref name="destination"/> (the queue itself unless given), and acknowledged only after the
    /// broker confirmed the copy, so a crash in between leaves a copy in both and the consumer's inbox
    /// applies it once — or dropped (acknowledged).
    /// </summary>
    /// <returns>How many were waiting, or null when the queue or the destination does not exist.</returns>
    private async Task<uint?> RotateAsync(string queue, Func<BasicGetResult, Rotation> decide, CancellationToken cancellationToken, string? destination = null)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken);
        uint waiting;
        try
        {
            waiting = (await channel.QueueDeclarePassiveAsync(queue, cancellationToken)).MessageCount;
            if (destination is not null) await channel.QueueDeclarePassiveAsync(destination, cancellationToken);
        }
        catch (OperationInterruptedException)
        {
            return null;
        }

        for (var read = 0; read < waiting; read++)
        {
            var message = await channel.BasicGetAsync(queue, autoAck: false, cancellationToken);
            if (message is null) break;
            var rotation = decide(message);
            if (rotation != Rotation.Drop)
            {
                await channel.BasicPublishAsync("", destination ?? queue, true, new BasicProperties(message.BasicProperties), message.Body, cancellationToken);
            }

            await channel.BasicAckAsync(message.DeliveryTag, false, cancellationToken);
            if (rotation != Rotation.Keep) break;
        }

        return waiting;
    }

    private static FailedMessage Describe(BasicGetResult message)
    {
        var headers = message.BasicProperties.Headers;
        string? Header(string name) => headers is not null && headers.TryGetValue(name, out var value)
            ? value switch { byte[] bytes => Encoding.UTF8.GetString(bytes), null => null, _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) }
            : null;
        var body = message.Body.Span;
        var shown = Encoding.UTF8.GetString(body[..Math.Min(body.Length, BodyShown)]);
        return new FailedMessage(
            message.BasicProperties.MessageId,
            MessageTypeOf(body) ?? Header("MT-MessageType"),
            Header("MT-Fault-ConsumerType"),
            DateTimeOffset.TryParse(Header("MT-Fault-Timestamp"), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at : null,
            Header("MT-Fault-ExceptionType"),
            Header("MT-Fault-Message"),
            body.Length,
            shown,
            body.Length > BodyShown);
    }

    /// <summary>The first of the MassTransit envelope's "messageType" URNs, if the body is one.</summary>
    private static string? MessageTypeOf(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            while (reader.Read() && reader.CurrentDepth >= 1)
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("messageType"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartArray) reader.Read();
                    return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }

                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) reader.Skip();
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // Not JSON, or not whole: the type stays unknown, the body is still shown.
        }

        return null;
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

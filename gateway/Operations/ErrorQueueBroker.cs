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
/// What a replay did: how many messages went back to their queue, and which stayed in the error queue
/// because they were sent longer ago than the consumers' inbox remembers (<see cref="TooOldReason"/>).
/// </summary>
public sealed record ReplayOutcome(int Replayed, IReadOnlyList<string?> TooOld);

/// <summary>
/// The broker side of operations: lists the `_error` queues (names from the management API, depths
/// from a passive declare, which is exact where the management statistics lag by seconds) and moves
/// their messages back to the queue they failed on.
/// </summary>
/// <param name="replayableFor">
/// The services' inbox retention (Storage:Retention:Inbox; null when retention is off): a message sent
/// longer ago than that is not replayed.
/// </param>
public sealed class ErrorQueueBroker(Uri amqpUri, Uri managementUri, string queuePrefix, TimeSpan? replayableFor, TimeProvider clock, IHttpClientFactory clients)
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
    /// <para>
    /// A message sent longer ago than the inbox retention stays in the error queue: the consumers'
    /// inbox entries of that time may be purged, so the events of a batch that had succeeded before
    /// another failed would apply a second time (and a copy applied from the source queue long ago
    /// would apply again). Its age is its MassTransit envelope's sentTime, the earliest any consumer
    /// can have applied it, so an entry it left is never older than the message; without one, the
    /// fault time (MT-Fault-Timestamp), which only errs towards replaying.
    /// </para>
    /// </summary>
    /// <returns>What went back and what stayed, or null when the error queue (or its source) does not exist.</returns>
    public async Task<ReplayOutcome?> ReplayAsync(string errorQueue, CancellationToken cancellationToken)
    {
        var moved = 0;
        var tooOld = new List<string?>();
        var now = clock.GetUtcNow();
        var waiting = await RotateAsync(errorQueue, message =>
        {
            if (replayableFor is { } limit && SentAt(message) is { } sent && now - sent > limit)
            {
                tooOld.Add(message.BasicProperties.MessageId);
                return Rotation.Stay;
            }

            moved++;
            return Rotation.Keep;
        }, cancellationToken, destination: errorQueue[..^Suffix.Length]);
        return waiting is null ? null : new ReplayOutcome(moved, tooOld);
    }

    /// <summary>Why a replay left messages in the error queue, for the operator who asked for it.</summary>
    public string TooOldReason =>
        $"Sent more than the inbox retention ago (Storage:Retention:Inbox, {replayableFor:c}): the consumers may have purged the entries that say which of " +
        "its events they already applied, so a replay could apply some twice. They stay in the error queue: read them (GET …/messages), bring about " +
        "by hand the effect of any event that never applied, then discard each by its id (docs/architecture.md, \"Error queues for operators\").";

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
        /// <summary>Copied to the destination (the queue itself unless one is given).</summary>
        Keep,
        KeepAndStop,
        /// <summary>Copied back to the end of the queue it was read from, whatever the destination.</summary>
        Stay,
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
                var target = rotation == Rotation.Stay ? queue : destination ?? queue;
                await channel.BasicPublishAsync("", target, true, new BasicProperties(message.BasicProperties), message.Body, cancellationToken);
            }

            await channel.BasicAckAsync(message.DeliveryTag, false, cancellationToken);
            if (rotation is Rotation.KeepAndStop or Rotation.Drop) break;
        }

        return waiting;
    }

    private static FailedMessage Describe(BasicGetResult message)
    {
        var body = message.Body.Span;
        var shown = Encoding.UTF8.GetString(body[..Math.Min(body.Length, BodyShown)]);
        return new FailedMessage(
            message.BasicProperties.MessageId,
            EnvelopeString(body, "messageType"u8) ?? Header(message, "MT-MessageType"),
            Header(message, "MT-Fault-ConsumerType"),
            Time(Header(message, "MT-Fault-Timestamp")),
            Header(message, "MT-Fault-ExceptionType"),
            Header(message, "MT-Fault-Message"),
            body.Length,
            shown,
            body.Length > BodyShown);
    }

    /// <summary>When MassTransit sent the message (its envelope's sentTime), else when its consumer gave up on it.</summary>
    private static DateTimeOffset? SentAt(BasicGetResult message) =>
        Time(EnvelopeString(message.Body.Span, "sentTime"u8)) ?? Time(Header(message, "MT-Fault-Timestamp"));

    private static DateTimeOffset? Time(string? text) =>
        DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at : null;

    private static string? Header(BasicGetResult message, string name) =>
        message.BasicProperties.Headers is { } headers && headers.TryGetValue(name, out var value)
            ? value switch { byte[] bytes => Encoding.UTF8.GetString(bytes), null => null, _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) }
            : null;

    /// <summary>A top-level string of the MassTransit envelope (the first, for an array such as messageType's URNs), if the body is one.</summary>
    private static string? EnvelopeString(ReadOnlySpan<byte> body, ReadOnlySpan<byte> property)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            while (reader.Read() && reader.CurrentDepth >= 1)
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals(property))
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

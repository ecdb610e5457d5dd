using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Security;
using EvSysReview.ServiceDefaults.Storage.Retention;

namespace EvSysReview.Gateway.Operations;

/// <summary>
/// GET /api/operations/error-queues (each `_error` queue with its depth),
/// GET …/{queue}/messages (what failed, where, when and why, with the body),
/// POST …/{queue}/replay (moves its messages back to the queue they failed on, after the fault is
/// fixed, except those older than the services' inbox retention, which it names) and DELETE …/{queue}/messages/{messageId} (removes one that no fix will make apply, logged
/// with the operator's name). Operators only (<see cref="OperationsSettings"/>); the gateway answers
/// these itself, no service is involved.
/// </summary>
public static class ErrorQueueEndpoints
{
    public static IServiceCollection AddErrorQueueOperations(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(OperationsSettings.Section).Get<OperationsSettings>() ?? new OperationsSettings();
        services.AddSingleton(settings);
        services.AddHttpClient(ErrorQueueBroker.ClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        if (configuration[BusSettings.RabbitMqUriVariable] is { Length: > 0 } uri)
        {
            var amqp = new Uri(uri);
            var management = settings.ManagementUri ?? new Uri($"http://{amqp.Host}:15672/");
            var prefix = configuration["Bus:QueuePrefix"] ?? "";
            // The services' own setting (the same key, given to the gateway too): how long their inboxes
            // remember what they applied, so how old a message a replay may still send back.
            var retention = configuration.GetSection(RetentionOptions.Section).Get<RetentionOptions>() ?? new RetentionOptions();
            TimeSpan? replayableFor = retention.Enabled ? retention.Inbox : null;
            services.AddSingleton(sp => new ErrorQueueBroker(amqp, management, prefix, replayableFor, TimeProvider.System, sp.GetRequiredService<IHttpClientFactory>()));
        }

        return services;
    }

    public static WebApplication MapErrorQueueOperations(this WebApplication app)
    {
        var group = app.MapGroup("/api/operations/error-queues");
        group.MapGet("", ListAsync);
        group.MapGet("/{queue}/messages", PeekAsync);
        group.MapPost("/{queue}/replay", ReplayAsync);
        group.MapDelete("/{queue}/messages/{messageId}", DiscardAsync);
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext context, OperationsSettings settings, CancellationToken cancellationToken)
    {
        if (Refusal(context, settings) is { } refusal) return refusal;
        if (context.RequestServices.GetService<ErrorQueueBroker>() is not { } broker) return NoBroker();
        var queues = await broker.ListAsync(cancellationToken);
        return TypedResults.Ok(new { queues, totalMessages = queues.Sum(q => (long)q.Messages) });
    }

    private static async Task<IResult> ReplayAsync(string queue, HttpContext context, OperationsSettings settings, CancellationToken cancellationToken)
    {
        if (Refusal(context, settings) is { } refusal) return refusal;
        if (context.RequestServices.GetService<ErrorQueueBroker>() is not { } broker) return NoBroker();
        if (NotAnErrorQueue(broker, queue) is { } problem) return problem;

        if (await broker.ReplayAsync(queue, cancellationToken) is not { } outcome)
        {
            return Problems.NotFound("queue", $"There is no queue {queue} (or no queue it came from).");
        }

        // Always there, so a client reads one shape; the reason only when something stayed behind.
        var tooOld = new { count = outcome.TooOld.Count, reason = outcome.TooOld.Count > 0 ? broker.TooOldReason : null, messageIds = outcome.TooOld };
        return TypedResults.Ok(new { queue, sourceQueue = queue[..^ErrorQueueBroker.Suffix.Length], replayed = outcome.Replayed, tooOld });
    }

    public const int MaxPeek = 100;

    private static async Task<IResult> PeekAsync(string queue, string? limit, HttpContext context, OperationsSettings settings, CancellationToken cancellationToken)
    {
        if (Refusal(context, settings) is { } refusal) return refusal;
        if (context.RequestServices.GetService<ErrorQueueBroker>() is not { } broker) return NoBroker();
        if (NotAnErrorQueue(broker, queue) is { } problem) return problem;
        var count = 20;
        if (limit is not null && (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxPeek))
        {
            return Problems.Validation("limit", $"A whole number of messages from 1 to {MaxPeek}.");
        }

        var messages = await broker.PeekAsync(queue, count, cancellationToken);
        return messages is null ? NoSuchQueue(queue) : TypedResults.Ok(new { queue, messages });
    }

    private static async Task<IResult> DiscardAsync(
        string queue, string messageId, HttpContext context, OperationsSettings settings, ILogger<ErrorQueueBroker> logger, CancellationToken cancellationToken)
    {
        if (Refusal(context, settings) is { } refusal) return refusal;
        if (context.RequestServices.GetService<ErrorQueueBroker>() is not { } broker) return NoBroker();
        if (NotAnErrorQueue(broker, queue) is { } problem) return problem;
        if (await broker.DiscardAsync(queue, messageId, cancellationToken) is not { } discarded)
        {
            return Problems.NotFound("messageId", $"No message {messageId} waits in {queue} (or there is no such queue).");
        }

        // The one place a message leaves the system unapplied on purpose: say so, and who decided it.
        logger.LogWarning(
            "Operator {Operator} discarded message {MessageId} ({MessageType}) from {Queue}; its consumer {ConsumerType} had failed with {ExceptionType}: {ExceptionMessage}",
            context.User.Username(), discarded.MessageId, discarded.MessageType, queue, discarded.ConsumerType, discarded.ExceptionType, discarded.ExceptionMessage);
        return TypedResults.Ok(new { queue, discarded });
    }

    private static IResult? NotAnErrorQueue(ErrorQueueBroker broker, string queue) => broker.IsErrorQueue(queue)
        ? null
        : Problems.Validation("queue", $"Only an error queue of this deployment: a name starting with '{broker.QueuePrefix}' and ending with '{ErrorQueueBroker.Suffix}'.");

    private static IResult NoSuchQueue(string queue) => Problems.NotFound("queue", $"There is no queue {queue}.");

    private static IResult? Refusal(HttpContext context, OperationsSettings settings) => settings.RefuseUnlessOperator(context.User, "Error queues");

    private static IResult NoBroker() =>
        Problems.Problem(StatusCodes.Status503ServiceUnavailable, "No broker", "The gateway has no RABBITMQ_URI; the standalone in-memory bus has no error queues to show.", null);
}

using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Security;

namespace EvSysReview.Gateway.Operations;

/// <summary>
/// GET /api/operations/error-queues (each `_error` queue with its depth) and
/// POST /api/operations/error-queues/{queue}/replay (moves its messages back to the queue they
/// failed on, after the fault is fixed). Operators only (<see cref="OperationsSettings"/>); the
/// gateway answers these itself, no service is involved.
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
            services.AddSingleton(sp => new ErrorQueueBroker(amqp, management, prefix, sp.GetRequiredService<IHttpClientFactory>()));
        }

        return services;
    }

    public static WebApplication MapErrorQueueOperations(this WebApplication app)
    {
        var group = app.MapGroup("/api/operations/error-queues");
        group.MapGet("", ListAsync);
        group.MapPost("/{queue}/replay", ReplayAsync);
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
        if (!broker.IsErrorQueue(queue))
        {
            return Problems.Validation("queue", $"Only an error queue of this deployment can be replayed: a name starting with '{broker.QueuePrefix}' and ending with '{ErrorQueueBroker.Suffix}'.");
        }

        var moved = await broker.ReplayAsync(queue, cancellationToken);
        return moved is null
            ? Problems.NotFound("queue", $"There is no queue {queue} (or no queue it came from).")
            : TypedResults.Ok(new { queue, sourceQueue = queue[..^ErrorQueueBroker.Suffix.Length], replayed = moved.Value });
    }

    private static IResult? Refusal(HttpContext context, OperationsSettings settings) =>
        context.User.Username() is { } username && settings.Operators.Contains(username, StringComparer.Ordinal)
            ? null
            : Problems.Forbidden("Error queues are for the deployment's operators (Operations:Operators).");

    private static IResult NoBroker() =>
        Problems.Problem(StatusCodes.Status503ServiceUnavailable, "No broker", "The gateway has no RABBITMQ_URI; the standalone in-memory bus has no error queues to show.", null);
}

using Testcontainers.RabbitMq;

namespace EvSysReview.TestSupport;

/// <summary>
/// The real RabbitMQ the broker tests use: RABBITMQ_URI when set (CI starts Debian's
/// rabbitmq-server and sets it), else a Testcontainers broker when a Docker engine exists.
/// </summary>
public static class Broker
{
    private static readonly Lazy<Task<string?>> UriTask = new(ResolveAsync);

    public static string? SkipReason =>
        Environment.GetEnvironmentVariable("RABBITMQ_URI") is { Length: > 0 } || DockerAvailable
            ? null
            : RequireBroker
                ? null
                : "No broker: RABBITMQ_URI is not set and no Docker engine is reachable (set RABBITMQ_URI, or run .ci/run which starts rabbitmq-server).";

    /// <summary>CI sets REQUIRE_RABBITMQ=true: a missing broker then fails the tests instead of skipping them.</summary>
    public static bool RequireBroker => string.Equals(Environment.GetEnvironmentVariable("REQUIRE_RABBITMQ"), "true", StringComparison.OrdinalIgnoreCase);

    public static bool DockerAvailable => File.Exists("/var/run/docker.sock") || Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 };

    public static async Task<string> UriAsync() =>
        await UriTask.Value ?? throw new InvalidOperationException("A RabbitMQ broker is required (REQUIRE_RABBITMQ=true) but RABBITMQ_URI is not set and Docker is not available.");

    private static async Task<string?> ResolveAsync()
    {
        if (Environment.GetEnvironmentVariable("RABBITMQ_URI") is { Length: > 0 } uri) return uri;
        if (!DockerAvailable) return null;
        var container = new RabbitMqBuilder("rabbitmq:3.13-management").Build();
        await container.StartAsync();
        return container.GetConnectionString();
    }
}

/// <summary>A test that needs the real broker; skipped with the reason when none can be had (never in CI).</summary>
public sealed class BrokerFactAttribute : Xunit.FactAttribute
{
    public BrokerFactAttribute()
    {
        if (Broker.SkipReason is { } reason) Skip = reason;
    }
}

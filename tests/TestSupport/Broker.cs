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

    /// <summary>
    /// Deletes a test's queues (best effort, through the management API on port 15672 of the same
    /// host) so a long test run does not leave hundreds of idle quorum queues on the broker.
    /// </summary>
    public static async Task DeleteQueuesAsync(string prefix)
    {
        if (Environment.GetEnvironmentVariable("RABBITMQ_URI") is not { Length: > 0 }) return;
        try
        {
            var uri = await UriAsync();
            using var client = ManagementClient(new Uri(uri), out var vhost);
            foreach (var queue in (await QueueNamesAsync(new Uri(uri))).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
            {
                await client.DeleteAsync($"api/queues/{vhost}/{Uri.EscapeDataString(queue)}");
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            // No management plugin here: the queues stay; that costs broker memory, not correctness.
        }
    }

    /// <summary>The queues of the AMQP URI's virtual host, through the management API on port 15672 of the same host.</summary>
    public static async Task<IReadOnlyList<string>> QueueNamesAsync(Uri amqp)
    {
        using var client = ManagementClient(amqp, out var vhost);
        using var queues = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync($"api/queues/{vhost}?columns=name"));
        return queues.RootElement.EnumerateArray().Select(q => q.GetProperty("name").GetString()!).ToList();
    }

    private static HttpClient ManagementClient(Uri amqp, out string escapedVhost)
    {
        var credentials = Uri.UnescapeDataString(amqp.UserInfo is { Length: > 0 } info ? info : "guest:guest");
        var client = new HttpClient { BaseAddress = new Uri($"http://{amqp.Host}:15672/"), Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(credentials)));
        escapedVhost = Uri.EscapeDataString(amqp.AbsolutePath.Trim('/') is { Length: > 0 } v ? Uri.UnescapeDataString(v) : "/");
        return client;
    }

    /// <summary>
    /// A virtual host of this test process's own on the given broker. `dotnet test` runs the test
    /// assemblies side by side, and every host binds its queues to the same exchanges (one per event
    /// type): in one virtual host a suite counting ProjectCreated events also received the projects
    /// another suite created at that moment (Expected 1, Actual 3). The test host is stopped without
    /// running exit handlers, so each process first deletes the virtual hosts of test processes that
    /// are gone (the process id is in the name). Without the management API (port 15672) the given
    /// URI is used as it is.
    /// </summary>
    private static async Task<string> OwnVirtualHostAsync(Uri amqp)
    {
        var name = $"evsys-test-{Environment.ProcessId}-{Guid.NewGuid():N}"[..32];
        try
        {
            using var client = ManagementClient(amqp, out _);
            using (var vhosts = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("api/vhosts?columns=name")))
            {
                foreach (var stale in vhosts.RootElement.EnumerateArray().Select(v => v.GetProperty("name").GetString()!).Where(IsOfExitedTestProcess))
                {
                    await client.DeleteAsync($"api/vhosts/{Uri.EscapeDataString(stale)}");
                }
            }

            return await CreateVirtualHostAsync(amqp, name);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return amqp.ToString();
        }
    }

    /// <summary>
    /// Creates a virtual host on the broker of <paramref name="amqp"/> (through the management API on
    /// port 15672 of the same host), gives the URI's user every permission on it, and returns the URI
    /// that connects to it.
    /// </summary>
    public static async Task<string> CreateVirtualHostAsync(Uri amqp, string name)
    {
        using var client = ManagementClient(amqp, out _);
        var user = Uri.UnescapeDataString(amqp.UserInfo is { Length: > 0 } info ? info.Split(':')[0] : "guest");
        (await client.PutAsync($"api/vhosts/{Uri.EscapeDataString(name)}", null)).EnsureSuccessStatusCode();
        (await client.PutAsync($"api/permissions/{Uri.EscapeDataString(name)}/{Uri.EscapeDataString(user)}", System.Net.Http.Json.JsonContent.Create(new { configure = ".*", write = ".*", read = ".*" }))).EnsureSuccessStatusCode();
        return new UriBuilder(amqp) { Path = "/" + name }.Uri.ToString();
    }

    /// <summary>Deletes a virtual host (and its queues and exchanges) on the broker of <paramref name="amqp"/>.</summary>
    public static async Task DeleteVirtualHostAsync(Uri amqp, string name)
    {
        using var client = ManagementClient(amqp, out _);
        (await client.DeleteAsync($"api/vhosts/{Uri.EscapeDataString(name)}")).EnsureSuccessStatusCode();
    }

    private static bool IsOfExitedTestProcess(string vhost)
    {
        var parts = vhost.Split('-');
        // Process ids are read from /proc: where there is none (not Linux), nothing is taken for stale.
        return Directory.Exists("/proc/self") && vhost.StartsWith("evsys-test-", StringComparison.Ordinal) && parts.Length == 4
            && int.TryParse(parts[2], System.Globalization.CultureInfo.InvariantCulture, out var pid) && !Directory.Exists($"/proc/{pid}");
    }

    private static async Task<string?> ResolveAsync()
    {
        if (Environment.GetEnvironmentVariable("RABBITMQ_URI") is { Length: > 0 } uri) return await OwnVirtualHostAsync(new Uri(uri));
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

/// <summary>Deletes a test's broker queues when disposed; declare it before the hosts so it runs after they stopped.</summary>
public sealed class QueueCleanup(string prefix) : IAsyncDisposable
{
    public async ValueTask DisposeAsync() => await Broker.DeleteQueuesAsync(prefix);
}

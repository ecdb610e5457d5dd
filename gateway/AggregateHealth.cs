using System.Text.Json;
using EvSysReview.ServiceDefaults.Security;
using Yarp.ReverseProxy;

namespace EvSysReview.Gateway;

/// <summary>
/// GET /health: the gateway plus every destination's /health/ready (store, broker, outbox backlog),
/// in one page an operator can read. 200 when all are healthy, 503 otherwise. It is anonymous (load
/// balancers, uptime checks), so anyone gets each service's status alone; the checks, their data
/// and a failure's message (which names hosts and ports) only an operator (<see cref="OperatorSettings"/>).
/// A service gives its own details only to an operator's token, so for an operator the gateway
/// passes that operator's own bearer token on to each /health/ready; for anyone else it sends none.
/// </summary>
internal static class AggregateHealth
{
    public const string ClientName = "health";

    public static async Task WriteAsync(HttpContext context, IProxyStateLookup proxy, IHttpClientFactory clients, OperatorSettings operators)
    {
        var client = clients.CreateClient(ClientName);
        var detailed = operators.IsOperator(context.User);
        var checks = proxy.GetClusters().SelectMany(cluster => cluster.Destinations.Select(d => (Cluster: cluster.ClusterId, Address: d.Value.Model.Config.Address)));
        var results = await Task.WhenAll(checks.Select(async check =>
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(check.Address), "/health/ready"));
                // The operator's own token (validated here, validated again by the service): no
                // shared secret that would have to live in every host's configuration.
                if (detailed) request.Headers.TryAddWithoutValidation("Authorization", context.Request.Headers.Authorization.ToString());
                using var response = await client.SendAsync(request, context.RequestAborted);
                var body = await response.Content.ReadAsStringAsync(context.RequestAborted);
                return (check.Cluster, Healthy: response.IsSuccessStatusCode, Detail: JsonDocument.Parse(body).RootElement.Clone());
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException)
            {
                return (check.Cluster, Healthy: false, Detail: JsonSerializer.SerializeToElement(new { status = "Unreachable", error = exception.Message }));
            }
        }));
        var healthy = results.All(r => r.Healthy);
        context.Response.StatusCode = healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        await context.Response.WriteAsJsonAsync(new
        {
            status = healthy ? "Healthy" : "Unhealthy",
            services = results.ToDictionary(r => r.Cluster, r => detailed ? r.Detail : Summary(r.Detail, r.Healthy)),
        }, context.RequestAborted);
    }

    /// <summary>The service's own status word ("Healthy", "Degraded", "Unreachable"…) and nothing else.</summary>
    private static JsonElement Summary(JsonElement detail, bool healthy)
    {
        var status = detail.ValueKind == JsonValueKind.Object && detail.TryGetProperty("status", out var own) && own.ValueKind == JsonValueKind.String
            ? own.GetString()
            : healthy ? "Healthy" : "Unhealthy";
        return JsonSerializer.SerializeToElement(new { status });
    }
}

using System.Text.Json;
using EvSysReview.ServiceDefaults.Security;
using Yarp.ReverseProxy;

namespace EvSysReview.Gateway;

/// <summary>
/// GET /health: the gateway plus every destination's /health/ready (store, broker, outbox backlog,
/// event types held back), in one page an operator can read. 503 when any is unhealthy or
/// unreachable; "Degraded" with 200 when all serve but one says Degraded (an event type it has held
/// back for long: its consumer is missing). It is anonymous (load
/// balancers, uptime checks), so anyone gets each service's status alone; the checks, their data
/// and a failure's message (which names hosts and ports) only an operator (<see cref="OperatorSettings"/>).
/// A service gives its own details only to an operator's token, so for an operator the gateway
/// passes that operator's own bearer token on to each /health/ready; for anyone else it sends none.
/// </summary>
internal static class AggregateHealth
{
    public const string ClientName = "health";

    /// <summary>One destination's readiness: whether it answered 2xx, and its body (or why it could not be read).</summary>
    public sealed record ServiceReadiness(string Service, bool Serving, JsonElement Detail)
    {
        /// <summary>The service's own status word ("Healthy", "Degraded", "Unreachable"…).</summary>
        public string Status => Detail.ValueKind == JsonValueKind.Object && Detail.TryGetProperty("status", out var own) && own.ValueKind == JsonValueKind.String
            ? own.GetString()!
            : Serving ? "Healthy" : "Unhealthy";
    }

    public static async Task WriteAsync(HttpContext context, IProxyStateLookup proxy, IHttpClientFactory clients, OperatorSettings operators)
    {
        var detailed = operators.IsOperator(context.User);
        var results = await ReadAsync(context, proxy, clients, detailed);
        var serving = results.All(r => r.Serving);
        var status = !serving ? "Unhealthy" : results.Any(r => r.Status == "Degraded") ? "Degraded" : "Healthy";
        context.Response.StatusCode = serving ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        await context.Response.WriteAsJsonAsync(new
        {
            status,
            services = results.ToDictionary(r => r.Service, r => detailed ? r.Detail : JsonSerializer.SerializeToElement(new { status = r.Status })),
        }, context.RequestAborted);
    }

    /// <summary>Every destination's /health/ready, with the caller's token when <paramref name="asOperator"/> (the caller is an operator), else without.</summary>
    public static async Task<IReadOnlyList<ServiceReadiness>> ReadAsync(HttpContext context, IProxyStateLookup proxy, IHttpClientFactory clients, bool asOperator)
    {
        var client = clients.CreateClient(ClientName);
        var checks = proxy.GetClusters().SelectMany(cluster => cluster.Destinations.Select(d => (Cluster: cluster.ClusterId, Address: d.Value.Model.Config.Address)));
        return await Task.WhenAll(checks.Select(async check =>
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(check.Address), "/health/ready"));
                // The operator's own token (validated here, validated again by the service): no
                // shared secret that would have to live in every host's configuration.
                if (asOperator) request.Headers.TryAddWithoutValidation("Authorization", context.Request.Headers.Authorization.ToString());
                using var response = await client.SendAsync(request, context.RequestAborted);
                var body = await response.Content.ReadAsStringAsync(context.RequestAborted);
                return new ServiceReadiness(check.Cluster, response.IsSuccessStatusCode, JsonDocument.Parse(body).RootElement.Clone());
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException)
            {
                return new ServiceReadiness(check.Cluster, false, JsonSerializer.SerializeToElement(new { status = "Unreachable", error = exception.Message }));
            }
        }));
    }
}

using System.Text.Json;
using EvSysReview.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EvSysReview.ServiceDefaults;

/// <summary>
/// /health/ready as JSON. The endpoint is anonymous (load balancers and the gateway's active checks
/// read its status code, which stays 200 or 503 for everyone), so anyone gets the status word alone;
/// each check with its data (outbox backlog, the broker's endpoints) and a failure's description,
/// which name hosts, ports and queues, only a deployment operator (<see cref="OperatorSettings"/>),
/// directly or through the gateway's /health, which passes the operator's token on.
/// </summary>
public static class HealthResponse
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        object body = context.RequestServices.GetRequiredService<OperatorSettings>().IsOperator(context.User)
            ? new
            {
                status = report.Status.ToString(),
                checks = report.Entries.ToDictionary(
                    e => e.Key,
                    e => new { status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data }),
            }
            : new { status = report.Status.ToString() };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, JsonSerializerOptions.Web));
    }
}

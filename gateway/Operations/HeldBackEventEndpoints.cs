using System.Text.Json;
using EvSysReview.ServiceDefaults.Messaging;
using Yarp.ReverseProxy;

namespace EvSysReview.Gateway.Operations;

/// <summary>
/// GET /api/operations/held-back-events: every event type a service holds back in its outbox because
/// the broker returns it (no queue bound: its consumer not deployed, or its queue deleted), by
/// service, with since when, how often returned, how many events wait, and why; and the services
/// whose readiness details could not be read, so an empty list is not taken for "none" when nobody
/// answered. Read from each service's /health/ready with the operator's own token (as the operator's
/// /health is), so the operations page has it even while the aggregate answers 503. Operators only.
/// </summary>
public static class HeldBackEventEndpoints
{
    /// <summary>A held-back type of one service, for the operations page.</summary>
    public sealed record HeldBackEvent(string Service, string Type, DateTimeOffset Since, int Returns, int Waiting, string Reason);

    public static WebApplication MapHeldBackEvents(this WebApplication app)
    {
        app.MapGet("/api/operations/held-back-events", ListAsync);
        return app;
    }

    private static async Task<IResult> ListAsync(HttpContext context, OperationsSettings settings, IProxyStateLookup proxy, IHttpClientFactory clients)
    {
        if (settings.RefuseUnlessOperator(context.User, "Held-back events") is { } refusal) return refusal;
        var events = new List<HeldBackEvent>();
        var unanswered = new List<string>();
        foreach (var service in await AggregateHealth.ReadAsync(context, proxy, clients, asOperator: true))
        {
            if (HeldBackOf(service.Detail) is { } held) events.AddRange(held.Select(h => new HeldBackEvent(service.Service, h.Type, h.Since, h.Returns, h.Waiting, HeldBackEntry.Reason)));
            else unanswered.Add(service.Service);
        }

        return TypedResults.Ok(new { events = events.OrderBy(e => e.Since), unanswered = unanswered.Order() });
    }

    /// <returns>the "heldBack" entries of every check of one readiness answer; null when it has no checks (unreachable, or no details for this operator).</returns>
    private static List<HeldBackEntry>? HeldBackOf(JsonElement readiness)
    {
        if (readiness.ValueKind != JsonValueKind.Object || !readiness.TryGetProperty("checks", out var checks) || checks.ValueKind != JsonValueKind.Object) return null;
        var entries = new List<HeldBackEntry>();
        try
        {
            foreach (var check in checks.EnumerateObject())
            {
                if (check.Value.ValueKind == JsonValueKind.Object && check.Value.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                    && data.TryGetProperty("heldBack", out var heldBack) && heldBack.ValueKind == JsonValueKind.Array)
                {
                    entries.AddRange(heldBack.Deserialize<List<HeldBackEntry>>(JsonSerializerOptions.Web) ?? []);
                }
            }
        }
        catch (JsonException)
        {
            // Entries this gateway cannot read (another version's shape): not known, rather than wrong.
            return null;
        }

        return entries;
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EvSysReview.Gateway;
using EvSysReview.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace EvSysReview.Platform.Tests.Gateway;

/// <summary>
/// The gateway's GET /health is anonymous (load balancers, uptime checks), so it says only how each
/// service is; what is behind that (checks, backlogs, the error that names a host and port) is for
/// the deployment's operators (Operations:Operators). A service gives its own details only to an
/// operator's token, so the gateway passes the operator's bearer token on, and no one else's.
/// </summary>
public sealed class AggregateHealthTests
{
    private static async Task<(RunningHost Gateway, WebApplication Upstream, int DeadPort, ConcurrentQueue<string> Authorizations)> StartAsync()
    {
        var port = LoopbackPort.Free();
        var service = WebApplication.CreateSlimBuilder();
        service.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var upstream = service.Build();
        var authorizations = new ConcurrentQueue<string>();
        // Like a service's own /health/ready: the status alone without a token, the checks with one
        // (a service checks the token; this stand-in only records what it was sent).
        upstream.MapGet("/health/ready", (HttpRequest request) =>
        {
            var authorization = request.Headers.Authorization.ToString();
            authorizations.Enqueue(authorization);
            return authorization.Length == 0
                ? Results.Json(new { status = "Healthy" })
                : Results.Json(new
                {
                    status = "Healthy",
                    checks = new Dictionary<string, object> { ["store-reviews"] = new { status = "Healthy", data = new { outboxBacklog = 3 } } },
                });
        });
        await upstream.StartAsync();
        var deadPort = LoopbackPort.Free();
        var settings = TestTokens.HostSettings();
        settings["ReverseProxy:Clusters:reviews:Destinations:primary:Address"] = $"http://127.0.0.1:{port}/";
        settings["ReverseProxy:Clusters:reviews:HealthCheck:Active:Enabled"] = "false";
        settings["ReverseProxy:Clusters:ingestion:Destinations:primary:Address"] = $"http://127.0.0.1:{deadPort}/";
        settings["ReverseProxy:Clusters:ingestion:HealthCheck:Active:Enabled"] = "false";
        settings["Operations:Operators:0"] = "olga";
        return (await RunningHost.StartAsync(GatewayHost.Create, settings), upstream, deadPort, authorizations);
    }

    [Fact]
    public async Task Anyone_gets_each_services_status_and_only_an_operator_the_checks_and_errors()
    {
        var (gateway, upstream, deadPort, authorizations) = await StartAsync();
        await using var _ = gateway;
        await using var __ = upstream;

        var anonymous = await gateway.Client().GetAsync("/health");
        var member = await gateway.Client(TestTokens.Valid("ana")).GetAsync("/health");
        var forged = await gateway.Client(TestTokens.ForgedSignature("olga")).GetAsync("/health");
        var nonOperatorAuthorizations = authorizations.ToArray();
        var operatorToken = TestTokens.Valid("olga");
        var operatorView = await gateway.Client(operatorToken).GetAsync("/health");

        foreach (var summary in new[] { anonymous, member, forged })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, summary.StatusCode);
            var text = await summary.Content.ReadAsStringAsync();
            Assert.DoesNotContain(deadPort.ToString(), text);
            Assert.DoesNotContain("outboxBacklog", text);
            var services = JsonDocument.Parse(text).RootElement.GetProperty("services");
            Assert.Equal("""{"status":"Healthy"}""", services.GetProperty("reviews").GetRawText());
            Assert.Equal("""{"status":"Unreachable"}""", services.GetProperty("ingestion").GetRawText());
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, operatorView.StatusCode);
        var detail = (await operatorView.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("services");
        Assert.Equal(3, detail.GetProperty("reviews").GetProperty("checks").GetProperty("store-reviews").GetProperty("data").GetProperty("outboxBacklog").GetInt32());
        Assert.Contains(deadPort.ToString(), detail.GetProperty("ingestion").GetProperty("error").GetString());
        Assert.Equal(["", "", ""], nonOperatorAuthorizations);
        Assert.Equal($"Bearer {operatorToken}", authorizations.Last());
    }

    /// <summary>A service that still serves but holds an event type back (no queue bound for it), as its /health/ready says it: 200, Degraded, the type in its outbox check's data for an operator.</summary>
    /// <summary>The gateway, the service holding a type back, and the stand-in for every other service.</summary>
    private sealed record HeldBackDeployment(RunningHost Gateway, WebApplication Upstream, WebApplication Others) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Gateway.DisposeAsync();
            await Upstream.DisposeAsync();
            await Others.DisposeAsync();
        }
    }

    /// <summary>A stand-in service whose /health/ready says <paramref name="status"/> to anyone and adds <paramref name="checks"/> for a token (a service checks it; this one need not).</summary>
    private static async Task<(WebApplication App, int Port)> StartReadinessAsync(string status, object checks)
    {
        var port = LoopbackPort.Free();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapGet("/health/ready", (HttpRequest request) => request.Headers.Authorization.ToString().Length == 0
            ? Results.Json(new { status })
            : Results.Json(new { status, checks }));
        await app.StartAsync();
        return (app, port);
    }

    private static async Task<HeldBackDeployment> StartWithHeldBackAsync()
    {
        var (upstream, port) = await StartReadinessAsync("Degraded", new Dictionary<string, object>
        {
            ["store-reviews"] = new { status = "Healthy", data = new { outboxBacklog = 3 } },
            ["outbox-reviews"] = new
            {
                status = "Degraded",
                description = "ProtocolPublished events held back since 2026-12-05 10:00:00Z (returned 40 times): no queue is bound for it: is the consuming service deployed?",
                data = new { heldBack = new[] { new { type = "ProtocolPublished", since = "2026-12-05T10:00:00+00:00", returns = 40, waiting = 3 } } },
            },
        });
        // Every other service of the gateway's configuration: healthy, nothing held back.
        var (others, othersPort) = await StartReadinessAsync("Healthy", new { outbox = new { status = "Healthy", data = new { heldBack = Array.Empty<object>() } } });
        var settings = TestTokens.HostSettings();
        foreach (var cluster in new[] { "reviews", "ingestion", "screening", "extraction", "risk-of-bias", "synthesis" })
        {
            settings[$"ReverseProxy:Clusters:{cluster}:Destinations:primary:Address"] = $"http://127.0.0.1:{(cluster == "reviews" ? port : othersPort)}/";
            settings[$"ReverseProxy:Clusters:{cluster}:HealthCheck:Active:Enabled"] = "false";
        }

        settings["Operations:Operators:0"] = "olga";
        return new HeldBackDeployment(await RunningHost.StartAsync(GatewayHost.Create, settings), upstream, others);
    }

    [Fact]
    public async Task A_service_holding_an_event_type_back_makes_the_whole_Degraded_still_200_and_the_operator_sees_the_type()
    {
        await using var deployment = await StartWithHeldBackAsync();
        var gateway = deployment.Gateway;

        var anonymous = await gateway.Client().GetAsync("/health");
        var operatorView = await gateway.Client(TestTokens.Valid("olga")).GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
        var summary = await anonymous.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Degraded", summary.GetProperty("status").GetString());
        Assert.Equal("""{"status":"Degraded"}""", summary.GetProperty("services").GetProperty("reviews").GetRawText());
        Assert.Equal("""{"status":"Healthy"}""", summary.GetProperty("services").GetProperty("synthesis").GetRawText());
        Assert.Equal(HttpStatusCode.OK, operatorView.StatusCode);
        var detail = await operatorView.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Degraded", detail.GetProperty("status").GetString());
        var held = Assert.Single(detail.GetProperty("services").GetProperty("reviews").GetProperty("checks").GetProperty("outbox-reviews").GetProperty("data").GetProperty("heldBack").EnumerateArray());
        Assert.Equal(("ProtocolPublished", 3), (held.GetProperty("type").GetString(), held.GetProperty("waiting").GetInt32()));
    }

    [Fact]
    public async Task The_operations_list_of_held_back_events_names_each_service_and_type_with_the_reason_and_only_for_an_operator()
    {
        await using var deployment = await StartWithHeldBackAsync();
        var gateway = deployment.Gateway;

        var refused = await gateway.Client(TestTokens.Valid("ana")).GetAsync("/api/operations/held-back-events");
        var answer = await gateway.Client(TestTokens.Valid("olga")).GetAsync("/api/operations/held-back-events");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var body = await answer.Content.ReadFromJsonAsync<JsonElement>();
        var held = Assert.Single(body.GetProperty("events").EnumerateArray());
        Assert.Equal(
            ("reviews", "ProtocolPublished", "2026-12-05T10:00:00+00:00", 40, 3, "no queue is bound for it: is the consuming service deployed?"),
            (held.GetProperty("service").GetString(), held.GetProperty("type").GetString(), held.GetProperty("since").GetString(),
                held.GetProperty("returns").GetInt32(), held.GetProperty("waiting").GetInt32(), held.GetProperty("reason").GetString()));
        Assert.Empty(body.GetProperty("unanswered").EnumerateArray());
    }
}

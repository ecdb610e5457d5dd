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
}

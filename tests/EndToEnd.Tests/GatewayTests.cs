using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EvSysReview.Contracts.Reviews;
using EvSysReview.Reviews.Projects;
using EvSysReview.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace EvSysReview.EndToEnd.Tests;

public sealed class SystemFixture : IAsyncLifetime
{
    public DistributedSystem? System { get; private set; }

    public async Task InitializeAsync() => System = await DistributedSystem.StartAsync();

    public async Task DisposeAsync()
    {
        if (System is not null) await System.DisposeAsync();
    }
}

/// <summary>The gateway in front of every service host, over the real broker; only HTTP to the gateway.</summary>
public sealed class GatewayTests(SystemFixture fixture) : IClassFixture<SystemFixture>
{
    private DistributedSystem System => fixture.System!;

    [BrokerFact]
    public async Task Sign_in_and_a_project_created_through_the_gateway_reach_every_service()
    {
        var anonymous = System.Gateway.Client();
        var token = (await (await anonymous.PostAsJsonAsync("/api/auth/token", new { username = "alice", password = "lead-demo-pass" }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        var alice = System.Gateway.Client(token);

        var created = await alice.PostAsJsonAsync("/api/reviews/projects", new { template = "msc-ev-neurodegeneration" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var projectId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        foreach (var service in new[] { "ingestion", "screening", "extraction", "risk-of-bias", "synthesis" })
        {
            await Eventually.HoldsAsync(async () =>
            {
                var status = await alice.GetAsync($"/api/{service}/projects/{projectId}/status");
                return status.IsSuccessStatusCode && (await status.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("projectKnown").GetBoolean();
            }, $"{service} knows the project through the broker");
        }
    }

    [BrokerFact]
    public async Task The_gateway_refuses_a_request_without_a_valid_token_before_it_reaches_a_service()
    {
        var response = await System.Gateway.Client().GetAsync("/api/reviews/projects");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        var forged = await System.Gateway.Client(TestTokens.ForgedSignature("alice")).GetAsync("/api/reviews/projects");
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }

    [BrokerFact]
    public async Task A_correlation_id_is_returned_and_a_valid_one_from_the_client_is_kept()
    {
        var alice = System.As("alice");
        var fresh = await alice.GetAsync("/api/reviews/projects");
        Assert.True(Guid.TryParse(fresh.Headers.GetValues("X-Correlation-Id").Single(), out _));

        var mine = Guid.NewGuid().ToString();
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/reviews/projects");
        request.Headers.Add("X-Correlation-Id", mine);
        Assert.Equal(mine, (await alice.SendAsync(request)).Headers.GetValues("X-Correlation-Id").Single());

        // A new one is the request's trace id: with the caller's W3C traceparent, the same 32 digits.
        // (A client that does not put its own trace on the request: this test process traces its
        // HttpClients, which would replace the header.)
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        using var untraced = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = alice.BaseAddress };
        using var traced = new HttpRequestMessage(HttpMethod.Get, "/api/reviews/projects");
        traced.Headers.Authorization = alice.DefaultRequestHeaders.Authorization;
        traced.Headers.Add("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");
        Assert.Equal(traceId, Guid.Parse((await untraced.SendAsync(traced)).Headers.GetValues("X-Correlation-Id").Single()).ToString("N"));
    }

    [BrokerFact]
    public async Task The_aggregate_health_page_lists_every_service_healthy_with_the_checks_for_an_operator_only()
    {
        var anonymous = await System.Gateway.Client().GetAsync("/health");
        var operatorView = await System.Gateway.Client(TestTokens.Valid(DistributedSystem.OperatorName)).GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, operatorView.StatusCode);
        var summary = (await anonymous.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("services");
        var detail = (await operatorView.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("services");
        foreach (var name in DistributedSystem.Services.Keys)
        {
            Assert.Equal("Healthy", summary.GetProperty(name).GetProperty("status").GetString());
            Assert.False(summary.GetProperty(name).TryGetProperty("checks", out _));
            Assert.Equal("Healthy", detail.GetProperty(name).GetProperty("checks").GetProperty($"store-{name}").GetProperty("status").GetString());
            Assert.Equal(0, detail.GetProperty(name).GetProperty("checks").GetProperty($"store-{name}").GetProperty("data").GetProperty("outboxBacklog").GetInt32());
            Assert.Equal("Healthy", detail.GetProperty(name).GetProperty("checks").GetProperty("masstransit-bus").GetProperty("status").GetString());
        }
    }

    [BrokerFact]
    public async Task A_service_s_own_readiness_tells_anyone_its_status_and_only_the_operator_its_checks()
    {
        foreach (var (name, service) in System.Hosts)
        {
            var anonymous = await service.Client().GetAsync("/health/ready");
            var reviewer = await service.Client(TestTokens.Valid("bob")).GetAsync("/health/ready");
            var operatorView = await service.Client(TestTokens.Valid(DistributedSystem.OperatorName)).GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
            Assert.Equal("""{"status":"Healthy"}""", await anonymous.Content.ReadAsStringAsync());
            Assert.Equal("""{"status":"Healthy"}""", await reviewer.Content.ReadAsStringAsync());
            var checks = (await operatorView.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks");
            Assert.Equal("Healthy", checks.GetProperty($"store-{name}").GetProperty("status").GetString());
        }
    }

    [BrokerFact]
    public async Task A_member_stored_with_a_slash_before_usernames_were_checked_is_removed_through_the_gateway_by_its_escaped_name()
    {
        var alice = System.As("alice");
        var projectId = (await (await alice.PostAsJsonAsync("/api/reviews/projects", new { title = "Legacy member" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        using (var scope = System.Hosts["reviews"].Services.CreateScope())
        {
            // What the API let in before usernames were checked.
            var projects = scope.ServiceProvider.GetRequiredService<ProjectRepository>();
            var (project, version) = (await projects.FindAsync(projectId, CancellationToken.None))!.Value;
            var membershipVersion = project.MembershipVersion + 1;
            await projects.SaveAsync(
                project with { Members = [.. project.Members, new Member("legacy/ana", "reviewer", DateTimeOffset.UtcNow)], MembershipVersion = membershipVersion },
                version,
                [new MemberJoined { ProjectId = projectId, Username = "legacy/ana", Role = "reviewer", MembershipVersion = membershipVersion }],
                CancellationToken.None);
        }

        async Task<int> ScreeningMembersAsync()
        {
            // 404 until screening has the project at all.
            var status = await alice.GetAsync($"/api/screening/projects/{projectId}/status");
            return status.IsSuccessStatusCode ? (await status.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("members").GetArrayLength() : 0;
        }

        await Eventually.HoldsAsync(async () => await ScreeningMembersAsync() == 2, "screening knows the stored member");

        // As the web UI sends it (encodeURIComponent): the gateway passes %2F on, the service matches it unescaped.
        var removed = await alice.DeleteAsync($"/api/reviews/projects/{projectId}/members/{Uri.EscapeDataString("legacy/ana")}");

        Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        Assert.Equal(["alice"], (await removed.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().Select(m => m.GetProperty("username").GetString()));
        await Eventually.HoldsAsync(async () => await ScreeningMembersAsync() == 1, "screening learns that the member left");
    }

    [BrokerFact]
    public async Task The_web_page_is_served_at_the_root()
    {
        var response = await System.Gateway.Client().GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
    }
}

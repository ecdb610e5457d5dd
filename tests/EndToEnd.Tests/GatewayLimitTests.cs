using System.Net;
using System.Net.Http.Json;
using EvSysReview.TestSupport;

namespace EvSysReview.EndToEnd.Tests;

/// <summary>The gateway's size and rate limits, on a system whose gateway is configured tight.</summary>
public sealed class GatewayLimitTests : IAsyncLifetime
{
    private DistributedSystem? _system;

    public async Task InitializeAsync() => _system = await DistributedSystem.StartAsync(settings =>
    {
        settings["Gateway:MaxRequestBodyBytes"] = "4096";
        settings["Gateway:RequestsPerSecondPerUser"] = "5";
        settings["Gateway:QueueLimit"] = "0";
    });

    public async Task DisposeAsync()
    {
        if (_system is not null) await _system.DisposeAsync();
    }

    [BrokerFact]
    public async Task A_body_over_the_limit_is_refused_with_413()
    {
        var response = await _system!.As("alice").PostAsJsonAsync("/api/reviews/projects", new { title = new string('x', 10_000) });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [BrokerFact]
    public async Task Past_the_rate_a_user_gets_429_with_Retry_After_and_another_user_is_unaffected()
    {
        var alice = _system!.As("alice");
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => alice.GetAsync("/api/reviews/projects")));
        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.InRange(refused.Count, 10, 15);
        Assert.Equal("1", refused[0].Headers.GetValues("Retry-After").Single());
        Assert.Equal("application/problem+json", refused[0].Content.Headers.ContentType!.MediaType);

        Assert.Equal(HttpStatusCode.OK, (await _system!.As("bob").GetAsync("/api/reviews/projects")).StatusCode);
    }
}

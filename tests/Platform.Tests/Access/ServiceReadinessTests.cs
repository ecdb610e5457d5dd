using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EvSysReview.Reviews;
using EvSysReview.ServiceDefaults;
using EvSysReview.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EvSysReview.Platform.Tests.Access;

/// <summary>
/// A service's own GET /health/ready is anonymous (load balancers, the gateway's active checks), so
/// it tells anyone its status word and HTTP status alone; the checks, their data (outbox backlog,
/// the broker's endpoints) and a failure's description go only to the deployment's operators
/// (Operations:Operators, the same setting every host reads).
/// </summary>
public sealed class ServiceReadinessTests
{
    private const string Operator = "olga";

    private static Dictionary<string, string?> Settings()
    {
        var settings = TestTokens.HostSettings();
        settings["Storage:DataDirectory"] = Directory.CreateTempSubdirectory("evsys-ready-").FullName;
        settings["Operations:Operators:0"] = Operator;
        return settings;
    }

    /// <summary>Anonymous, a signed-in non-operator, and a forged token naming the operator.</summary>
    private static async Task<HttpResponseMessage[]> NonOperatorAnswersAsync(RunningHost host) =>
    [
        await host.Client().GetAsync("/health/ready"),
        await host.Client(TestTokens.Valid("ana")).GetAsync("/health/ready"),
        await host.Client(TestTokens.ForgedSignature(Operator)).GetAsync("/health/ready"),
    ];

    [BrokerFact]
    public async Task Over_the_broker_anyone_gets_the_status_alone_and_an_operator_the_checks_and_their_data()
    {
        var settings = Settings();
        settings["RABBITMQ_URI"] = await Broker.UriAsync();
        await using var queues = new QueueCleanup(settings["Bus:QueuePrefix"]!);
        await using var reviews = await RunningHost.StartAsync((args, configure) => ServiceHost.Create(args, b => b.AddReviews(), a => a.MapReviews(), configure), settings);

        foreach (var answer in await NonOperatorAnswersAsync(reviews))
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            var text = await answer.Content.ReadAsStringAsync();
            Assert.Equal("""{"status":"Healthy"}""", text);
            Assert.DoesNotContain("outboxBacklog", text);
            Assert.DoesNotContain("masstransit-bus", text);
        }

        var operatorView = await reviews.Client(TestTokens.Valid(Operator)).GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, operatorView.StatusCode);
        var checks = (await operatorView.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks");
        Assert.Equal(0, checks.GetProperty("store-reviews").GetProperty("data").GetProperty("outboxBacklog").GetInt32());
        Assert.Equal("Healthy", checks.GetProperty("masstransit-bus").GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_unhealthy_service_still_answers_503_to_anyone_and_its_reason_only_to_an_operator()
    {
        const string reason = "store at 10.0.0.9:27017 does not answer";
        await using var host = await RunningHost.StartAsync(
            (args, configure) => ServiceHost.Create(
                args,
                b => b.Services.AddHealthChecks().AddCheck("store-broken", () => HealthCheckResult.Unhealthy(reason, data: new Dictionary<string, object> { ["outboxBacklog"] = 7 }), ["ready"]),
                _ => { },
                configure),
            Settings());

        foreach (var answer in await NonOperatorAnswersAsync(host))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
            var text = await answer.Content.ReadAsStringAsync();
            Assert.Equal("""{"status":"Unhealthy"}""", text);
            Assert.DoesNotContain("10.0.0.9", text);
        }

        var operatorView = await host.Client(TestTokens.Valid(Operator)).GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, operatorView.StatusCode);
        var broken = (await operatorView.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks").GetProperty("store-broken");
        Assert.Equal(reason, broken.GetProperty("description").GetString());
        Assert.Equal(7, broken.GetProperty("data").GetProperty("outboxBacklog").GetInt32());
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EvSysReview.TestSupport;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace EvSysReview.EndToEnd.Tests;

/// <summary>
/// One user action is one trace: gateway → service → outbox → RabbitMQ → every consuming service,
/// with W3C trace context carried through MassTransit. Captured with OpenTelemetry's in-memory
/// exporter (all hosts run in this test process, so one tracer provider sees them all).
/// </summary>
public sealed class TracingTests(SystemFixture fixture) : IClassFixture<SystemFixture>
{
    [BrokerFact]
    public async Task Creating_a_project_through_the_gateway_is_one_trace_down_to_every_consumer()
    {
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource("Microsoft.AspNetCore", "System.Net.Http", "MassTransit", "EvSysReview.Messaging", "Yarp.ReverseProxy")
            .SetSampler(new AlwaysOnSampler())
            .AddInMemoryExporter(spans)
            .Build();
        var traceId = ActivityTraceId.CreateRandom();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/reviews/projects") { Content = JsonContent.Create(new { title = "traced" }) };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");

        var response = await fixture.System!.As("alice").SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var projectId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        List<Activity> Trace() { lock (spans) return spans.Where(s => s.TraceId == traceId).ToList(); }
        await Eventually.HoldsAsync(() => Task.FromResult(Trace().Count(s => s.Kind == ActivityKind.Consumer && s.Source.Name == "MassTransit" && s.DisplayName.Contains("project-created")) >= 5),
            "a consume span of ProjectCreated in each of the five other services joined the trace");
        var trace = Trace();

        var servers = trace.Where(s => s.Kind == ActivityKind.Server && s.Source.Name == "Microsoft.AspNetCore").ToList();
        Assert.True(servers.Count >= 2, $"expected the gateway's and the reviews service's server spans, got {servers.Count}");
        Assert.Contains(trace, s => s.Kind == ActivityKind.Client && s.Source.Name == "System.Net.Http");
        Assert.Contains(trace, s => s.Source.Name == "EvSysReview.Messaging" && s.DisplayName == "outbox publish ProjectCreated");
        var consumedBy = trace.Where(s => s.Kind == ActivityKind.Consumer && s.DisplayName.Contains("project-created")).Select(s => s.DisplayName).ToList();
        foreach (var service in new[] { "ingestion", "screening", "extraction", "risk-of-bias", "synthesis" })
        {
            Assert.Contains(consumedBy, name => name.Contains($"-{service}-project-created"));
        }

        Assert.NotEqual(Guid.Empty, projectId);
    }
}

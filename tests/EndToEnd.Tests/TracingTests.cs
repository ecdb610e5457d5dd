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
    private static readonly ActivitySource UserAction = new("EvSysReview.Tests.UserAction");

    private static readonly string[] Consumers = ["ingestion", "screening", "extraction", "risk-of-bias", "synthesis"];

    /// <summary>MassTransit's span for a consumer processing the message on that service's ProjectCreated queue.</summary>
    private static bool IsProcessSpanOf(Activity span, string service) =>
        span.Kind == ActivityKind.Consumer && span.DisplayName.EndsWith($"-{service}-project-created process", StringComparison.Ordinal);

    [BrokerFact]
    public async Task Creating_a_project_through_the_gateway_is_one_trace_down_to_every_consumer()
    {
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(UserAction.Name, "Microsoft.AspNetCore", "System.Net.Http", "MassTransit", "EvSysReview.Messaging", "Yarp.ReverseProxy")
            .SetSampler(new AlwaysOnSampler())
            .AddInMemoryExporter(spans)
            .Build();
        // The client's own span is the root: HttpClient sends its W3C traceparent to the gateway.
        HttpResponseMessage response;
        ActivityTraceId traceId;
        using (var action = UserAction.StartActivity("create project", ActivityKind.Client)!)
        {
            traceId = action.TraceId;
            response = await fixture.System!.As("alice").PostAsJsonAsync("/api/reviews/projects", new { title = "traced" });
        }

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var projectId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        static bool IsOutboxPublish(Activity s) => s.Source.Name == "EvSysReview.Messaging" && s.DisplayName == "outbox publish ProjectCreated";
        List<Activity> Trace() { lock (spans) return spans.Where(s => s.TraceId == traceId).ToList(); }
        string Seen() => string.Join("; ", Trace().Select(s => $"{s.Source.Name}/{s.Kind}/{s.DisplayName}"));
        try
        {
            // A span is exported when it ends: the outbox's publish span ends at the broker's confirm,
            // which can come after the consumers have finished, so wait for it too.
            await Eventually.HoldsAsync(() => Task.FromResult(Consumers.All(service => Trace().Any(s => IsProcessSpanOf(s, service))) && Trace().Any(IsOutboxPublish)),
                "a consume span of ProjectCreated in each of the five other services and the outbox's publish span joined the trace");
        }
        catch (Xunit.Sdk.XunitException timeout)
        {
            throw new Xunit.Sdk.XunitException($"{timeout.Message} Spans in the trace: {Seen()}");
        }

        var trace = Trace();

        var servers = trace.Where(s => s.Kind == ActivityKind.Server && s.Source.Name == "Microsoft.AspNetCore").ToList();
        Assert.True(servers.Count >= 2, $"expected the gateway's and the reviews service's server spans, got {servers.Count}");
        Assert.Contains(trace, s => s.Kind == ActivityKind.Client && s.Source.Name == "System.Net.Http");
        Assert.Contains(trace, IsOutboxPublish);
        Assert.NotEqual(Guid.Empty, projectId);
    }
}

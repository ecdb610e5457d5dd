using System.Text.Json;
using EvSysReview.Synthesis.Tests.MetaAnalyses;
using EvSysReview.TestSupport;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace EvSysReview.Synthesis.Tests.Living;

/// <summary>The same flow over real RabbitMQ (quorum queues): the events cross the broker into the synthesis' queues.</summary>
public sealed class LivingSynthesisOverBrokerTests
{
    // R: rma(-yi, vi, data=dat[1:3,], method="REML", test="knha") with dat as in LivingSynthesisTests.
    private const double Estimate3 = 1.4252735693388883;

    [BrokerFact]
    public async Task Three_included_and_extracted_studies_make_version_1_over_the_broker()
    {
        // Quorum queues left behind by every run slow a small broker down until it stops answering;
        // declared before the host so it is disposed after the host stopped consuming.
        var queuePrefix = $"sy{Guid.NewGuid():N}"[..10] + "-";
        await using var queues = new QueueCleanup(queuePrefix);
        await using var host = await SynthesisHost.StartAsync(broker: true, debounceMs: 1000, queuePrefix: queuePrefix);
        var projectId = Guid.NewGuid();
        var events = new UpstreamEvents(host.Services.GetRequiredService<IBus>(), projectId);
        await events.TeamAsync(("alice", "lead"));
        await events.ProtocolAsync();
        foreach (var (author, year, treatment, control) in new[] { ("Li", 2019, (25.0, 8.0, 10.0), (40.0, 10.0, 10.0)), ("Wang", 2020, (30, 9, 12), (38, 11, 12)), ("Chen", 2021, (22, 7, 8), (45, 12, 8)) })
        {
            var studyId = Guid.NewGuid();
            await events.IncludeAsync(studyId, author, year);
            await events.Publish(UpstreamEvents.Extraction(projectId, studyId, $"{author} {year}", year, "alzheimers", treatment, control));
        }

        // Over a shared broker the six events may straddle the debounce window, so version 1 may hold
        // two studies; the version that holds all three is the one checked.
        var client = host.Client(TestTokens.Valid("alice"));
        JsonElement analyses = default;
        await Eventually.HoldsAsync(async () =>
        {
            var response = await client.GetAsync($"/api/synthesis/projects/{projectId}/analyses");
            if (!response.IsSuccessStatusCode) return false;
            analyses = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            return analyses.GetProperty("analyses") is { ValueKind: JsonValueKind.Array } list && list.GetArrayLength() == 1
                && list[0].GetProperty("result").ValueKind == JsonValueKind.Object && list[0].GetProperty("result").GetProperty("k").GetInt32() == 3;
        }, "a version of the three studies exists", TimeSpan.FromSeconds(60));

        Assert.InRange(analyses.GetProperty("version").GetInt32(), 1, 2);
        Close.Equal(Estimate3, analyses.GetProperty("analyses")[0].GetProperty("result").GetProperty("estimate").GetDouble(), "pooled SMD over the broker");
    }
}

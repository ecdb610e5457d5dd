using System.Net;
using System.Text.Json;
using EvSysReview.TestSupport;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace EvSysReview.RiskOfBias.Tests;

/// <summary>
/// The whole workflow over the real RabbitMQ: upstream events published by another host, the
/// service's outbox publishing RiskOfBiasAssessed, and that host's consumer receiving it.
/// </summary>
public sealed class BrokerConsensusFlowTests : IAsyncLifetime
{
    private readonly RiskOfBiasHosts _hosts = new();

    public Task InitializeAsync() => Task.CompletedTask;

    // Quorum queues left behind by every run slow a small broker down until it stops answering.
    public Task DisposeAsync() => Broker.DeleteQueuesAsync(_hosts.QueuePrefix);

    [BrokerFact]
    public async Task StudyIncluded_on_the_broker_becomes_a_task_two_assessors_and_a_consensus_finalise_and_RiskOfBiasAssessed_arrives_on_the_broker()
    {
        await using var observer = await _hosts.StartObserverOverBrokerAsync();
        await using var service = await _hosts.StartServiceOverBrokerAsync();
        var (api, upstream) = await ProjectSetup.CreateAsync(service, observer.Services.GetRequiredService<IBus>());

        var studyId = await ProjectSetup.IncludeAsync(api, upstream, "Okafor", 2021);
        Assert.Equal("syrcle", (await api.JsonAsync(ProjectSetup.ReviewerA, $"{api.Base}/tasks?assignedTo=me")).EnumerateArray().Single().GetProperty("tool").GetString());

        await api.SaveAndSubmitAsync(ProjectSetup.ReviewerA, studyId, RobApi.SyrcleSheet("yes", "rafa"));
        await api.SaveAndSubmitAsync(ProjectSetup.Methodologist, studyId, new
        {
            tool = "syrcle",
            answers = Enumerable.Range(1, 10).ToDictionary(i => i.ToString(), i => new { answer = i == 5 ? "unclear" : "yes", quote = $"mona-{i}" }),
        });
        var comparison = await api.JsonAsync(ProjectSetup.Lead, $"{api.Base}/studies/{studyId}/comparison");
        Assert.Equal(2, comparison.GetProperty("differences").GetArrayLength());

        await RobApi.ExpectAsync(HttpStatusCode.OK, await api.PutConsensusAsync(ProjectSetup.Lead, studyId, new
        {
            answers = new Dictionary<string, object> { ["5"] = new { answer = "unclear", reason = "Caregiver blinding not reported" } },
        }), "consensus");
        await RobApi.ExpectAsync(HttpStatusCode.OK, await api.As(ProjectSetup.Lead).PostAsync($"{api.Base}/studies/{studyId}/finalize", null), "finalize");

        IReadOnlyList<Observed> observed = [];
        await Eventually.HoldsAsync(async () => (observed = await RiskOfBiasHosts.ObservedAsync(observer, api.ProjectId)).Count == 1, "the observer received RiskOfBiasAssessed over the broker");
        Assert.Equal(("RiskOfBiasAssessed", studyId, 1), (observed[0].Type, observed[0].StudyId, observed[0].Revision));
        var assessed = JsonDocument.Parse(observed[0].Json).RootElement;
        Assert.Equal("unclear", assessed.GetProperty("domains").GetProperty("D5").GetString());
        Assert.Equal("low", assessed.GetProperty("domains").GetProperty("D1").GetString());
        Assert.False(assessed.GetProperty("highRisk").GetBoolean());

        // Excluded after the fact, over the broker: withdrawn, and the observer hears of it.
        await upstream.ExcludeAsync(studyId, "duplicate publication");
        await Eventually.HoldsAsync(async () => (observed = await RiskOfBiasHosts.ObservedAsync(observer, api.ProjectId)).Count == 2, "the observer received the withdrawal");
        var withdrawal = observed.Single(o => o.Type == "RiskOfBiasReopened");
        Assert.True(JsonDocument.Parse(withdrawal.Json).RootElement.GetProperty("withdrawn").GetBoolean());
        Assert.Equal("withdrawn", (await api.JsonAsync(ProjectSetup.Lead, $"{api.Base}/studies/{studyId}")).GetProperty("state").GetString());
    }
}

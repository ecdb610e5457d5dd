using EvSysReview.TestSupport.Messaging;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EvSysReview.Contracts.Extraction;
using EvSysReview.Contracts.Ingestion;
using EvSysReview.Contracts.Screening;
using EvSysReview.Extraction.Tests.Probe;
using EvSysReview.Reviews;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Security;
using EvSysReview.TestSupport;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace EvSysReview.Extraction.Tests;

/// <summary>
/// Over the real RabbitMQ: reviews + extraction in one host, and the observer of ExtractionFinalized
/// in another process-like host with its own queues, as the synthesis service will be.
/// </summary>
public sealed class BrokerFinalizeTests : IAsyncLifetime
{
    private readonly string _queuePrefix = $"ex{Guid.NewGuid():N}"[..10] + "-";

    public Task InitializeAsync() => Task.CompletedTask;

    // Quorum queues left behind by every run slow a small broker down until it stops answering.
    public Task DisposeAsync() => Broker.DeleteQueuesAsync(_queuePrefix);

    private async Task<Dictionary<string, string?>> SettingsAsync()
    {
        var settings = TestTokens.HostSettings();
        settings["RABBITMQ_URI"] = await Broker.UriAsync();
        settings["Bus:QueuePrefix"] = _queuePrefix;
        settings["Storage:DataDirectory"] = Directory.CreateTempSubdirectory("evsys-extraction-it-").FullName;
        settings["Outbox:PollInterval"] = "00:00:00.200";
        return settings;
    }

    private async Task<RunningHost> StartObserverAsync() =>
        await RunningHost.StartAsync((args, configure) => ServiceHost.Create(args, b => b.AddProbe(), _ => { }, configure), await SettingsAsync());

    private async Task<RunningHost> StartExtractionAsync() =>
        await RunningHost.StartAsync(
            (args, configure) => ServiceHost.Create(args, b => { b.AddReviews(); b.AddExtraction(); }, a => { a.MapReviews(); a.MapExtraction(); }, configure),
            await SettingsAsync());

    [BrokerFact]
    public async Task Finalising_publishes_ExtractionFinalized_once_to_a_consumer_on_another_bus_host()
    {
        await using var observer = await StartObserverAsync();
        await using var service = await StartExtractionAsync();
        var lead = service.Client(TestTokens.Valid("lead"));
        var created = await lead.PostAsJsonAsync("/api/reviews/projects", new { title = "broker extraction" });
        var projectId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        foreach (var (username, role) in new[] { ("alice", ProjectRoles.Reviewer), ("bob", ProjectRoles.Reviewer) })
            (await lead.PostAsJsonAsync($"/api/reviews/projects/{projectId}/members", new { username, role })).EnsureSuccessStatusCode();
        await Eventually.HoldsAsync(async () =>
        {
            // 404 until the membership events have arrived.
            var status = await lead.GetAsync($"/api/extraction/projects/{projectId}/status");
            return status.IsSuccessStatusCode && (await status.JsonAsync()).GetProperty("members").GetArrayLength() == 3;
        }, "extraction learnt the members over the broker");

        var studyId = Guid.NewGuid();
        await service.Services.GetRequiredService<IBus>().Publish(new StudyIncluded
        {
            ProjectId = projectId,
            StudyId = studyId,
            Citation = new CitationData { Title = "EVs in APP/PS1 mice", Authors = ["Smith J"], Year = 2021 },
        });
        await Eventually.HoldsAsync(async () =>
            (await lead.GetFromJsonAsync<JsonElement>($"/api/extraction/projects/{projectId}/tasks")).GetArrayLength() == 1,
            "StudyIncluded created the task over the broker");
        foreach (var who in new[] { "alice", "bob" })
        {
            var client = service.Client(TestTokens.Valid(who));
            Assert.Equal(HttpStatusCode.Created, (await client.SaveEntryAsync(projectId, studyId, StudyEntries.Complete(studyId))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(projectId, studyId, "submit")).StatusCode);
        }

        var finalize = new HttpRequestMessage(HttpMethod.Post, $"{ExtractionApi.Study(projectId, studyId)}/finalize");
        finalize.Headers.Add("Idempotency-Key", "finalize-once");
        Assert.Equal(HttpStatusCode.OK, (await lead.SendAsync(finalize)).StatusCode);
        var retry = new HttpRequestMessage(HttpMethod.Post, $"{ExtractionApi.Study(projectId, studyId)}/finalize");
        retry.Headers.Add("Idempotency-Key", "finalize-once");
        var replayed = await lead.SendAsync(retry);
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Equal("true", replayed.Headers.GetValues("Idempotent-Replayed").Single());

        var observed = observer.Services.GetRequiredService<ObservedEvents>();
        await Eventually.HoldsAsync(() => Task.FromResult(observed.Where<ExtractionFinalized>(e => e.StudyId == studyId).Count == 1), "the observer host received ExtractionFinalized");
        await Task.Delay(TimeSpan.FromSeconds(2));
        var received = Assert.Single(observed.Where<ExtractionFinalized>(e => e.StudyId == studyId));
        Assert.Equal((projectId, 1, "Smith 2021", 4), (received.ProjectId, received.Revision, received.StudyLabel, received.Outcomes.Count));
        Assert.Equal(new ArmData(null, null, 6, 1.5), received.Outcomes.Single(o => o.Key == "mortality@28 d/high-vs-pbs").Control);
    }
}

using EvSysReview.TestSupport.Messaging;
using System.Net;
using EvSysReview.Contracts.Ingestion;
using EvSysReview.Contracts.Screening;
using EvSysReview.Screening.Tests.Probe;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Security;
using EvSysReview.TestSupport;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using static EvSysReview.Screening.Tests.ScreeningProjects;

namespace EvSysReview.Screening.Tests;

/// <summary>
/// Over the real RabbitMQ: reviews + screening in one host, and a stand-in downstream service
/// (extraction, later) on a separate bus host with its own queues.
/// </summary>
public sealed class BrokerConflictFlowTests : IAsyncLifetime
{
    private static readonly TimeSpan BrokerTimeout = TimeSpan.FromMinutes(2);

    private readonly string _queuePrefix = $"sc{Guid.NewGuid():N}"[..10] + "-";

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (Broker.SkipReason is null) await Broker.DeleteQueuesAsync(_queuePrefix);
    }

    private async Task<Dictionary<string, string?>> SettingsAsync()
    {
        var settings = TestTokens.HostSettings();
        settings["RABBITMQ_URI"] = await Broker.UriAsync();
        settings["Bus:QueuePrefix"] = _queuePrefix;
        settings["Storage:DataDirectory"] = Directory.CreateTempSubdirectory("evsys-screening-it-").FullName;
        settings["Outbox:PollInterval"] = "00:00:00.200";
        return settings;
    }

    [BrokerFact]
    public async Task Imported_citation_disagreement_conflict_resolution_reaches_a_consumer_on_another_bus_host_as_StudyIncluded()
    {
        await using var observer = await RunningHost.StartAsync((args, configure) => ServiceHost.Create(args, ProbeRegistration.AddTo, _ => { }, configure), await SettingsAsync());
        await using var service = await ScreeningHost.StartAsync(await SettingsAsync(), withProbe: false);
        var repository = service.Services.CreateScope().ServiceProvider.GetRequiredService<ScreeningRepository>();
        var bus = service.Services.GetRequiredService<IBus>();
        HttpClient As(string who) => service.Client(TestTokens.Valid(who));

        var projectId = await ScreeningProjects.CreateAsync(service, "lead", [("ana", ProjectRoles.Reviewer), ("ben", ProjectRoles.Reviewer), ("meg", ProjectRoles.Methodologist)]);
        await bus.Publish(ScreeningProjects.Protocol(projectId, 7, fullText: false));
        await Eventually.HoldsAsync(async () => (await repository.SettingsAsync(projectId, default)).ProtocolVersion == 7, "the protocol arrived over the broker", BrokerTimeout);

        var recordId = Guid.NewGuid();
        await bus.Publish(new CitationImported { ProjectId = projectId, RecordId = recordId, ImportId = Guid.NewGuid(), Source = "pubmed-alert", Citation = Citation("MSC-EVs in a Parkinson's rat model") with { Pmid = "31234567" } });
        await Eventually.HoldsAsync(async () => (await As("ana").NextAsync(projectId)).StatusCode == HttpStatusCode.OK, "the citation became an item over the broker", BrokerTimeout);

        var itemId = ScreeningHost.TitleAbstract(recordId);
        Assert.Equal(HttpStatusCode.OK, (await As("ana").DecideAsync(projectId, itemId, "include")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await As("ben").DecideAsync(projectId, itemId, "exclude", reason: "in vitro only")).StatusCode);
        var conflicts = await (await As("meg").GetAsync($"{ScreeningApi.Project(projectId)}/conflicts")).JsonAsync();
        Assert.Equal(itemId, Assert.Single(conflicts.EnumerateArray()).GetProperty("itemId").GetGuid());
        Assert.Equal(HttpStatusCode.OK, (await As("meg").ResolveAsync(projectId, itemId, "include", "Rats were used in vivo; include.")).StatusCode);

        var observed = observer.Services.GetRequiredService<ObservedEvents>();
        await Eventually.HoldsAsync(() => Task.FromResult(observed.Of<StudyIncluded>(projectId).Count == 1), "StudyIncluded reached the other bus host", BrokerTimeout);
        var included = observed.Of<StudyIncluded>(projectId)[0];
        Assert.Equal((recordId, "31234567", "animal"), (included.StudyId, included.Citation.Pmid, included.StudyDesign));
        await Eventually.HoldsAsync(() => Task.FromResult(observed.Of<ConflictResolved>(projectId).Count == 1 && observed.Of<ConflictRaised>(projectId).Count == 1), "the conflict events reached the other bus host", BrokerTimeout);
        Assert.Equal(("meg", "include"), (observed.Of<ConflictResolved>(projectId)[0].ResolvedBy, observed.Of<ConflictResolved>(projectId)[0].Decision));
        Assert.Equal(2, observed.Of<DecisionRecorded>(projectId).Count);
    }
}

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

    private async Task<Dictionary<string, string?>> SettingsAsync(bool reviewerEvents = true)
    {
        var settings = TestTokens.HostSettings();
        settings["RABBITMQ_URI"] = await Broker.UriAsync();
        settings["Bus:QueuePrefix"] = _queuePrefix;
        settings["Storage:DataDirectory"] = Directory.CreateTempSubdirectory("evsys-screening-it-").FullName;
        settings["Outbox:PollInterval"] = "00:00:00.200";
        // The observer's probe consumes DecisionRecorded, so the service publishes it unless a test
        // runs the deployment's default.
        if (reviewerEvents) settings["Screening:Events:PublishReviewerDecisions"] = "true";
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

    // By default a reviewer's own decision is not published (nothing in the system consumes it); the
    // withdrawal of one and the final exclusion still are. The observer binds a queue for
    // DecisionRecorded, so one that went out would arrive: it is checked after the final event (in
    // the same commit as the last decision) has arrived.
    [BrokerFact]
    public async Task By_default_the_withdrawal_and_the_final_exclusion_go_out_but_no_reviewer_decision()
    {
        await using var observer = await RunningHost.StartAsync((args, configure) => ServiceHost.Create(args, ProbeRegistration.AddTo, _ => { }, configure), await SettingsAsync(reviewerEvents: false));
        await using var service = await ScreeningHost.StartAsync(await SettingsAsync(reviewerEvents: false), withProbe: false);
        var repository = service.Services.CreateScope().ServiceProvider.GetRequiredService<ScreeningRepository>();
        var bus = service.Services.GetRequiredService<IBus>();
        HttpClient As(string who) => service.Client(TestTokens.Valid(who));

        var projectId = await ScreeningProjects.CreateAsync(service, "lead", [("ana", ProjectRoles.Reviewer), ("ben", ProjectRoles.Reviewer)]);
        await bus.Publish(ScreeningProjects.Protocol(projectId, 7, fullText: false));
        await Eventually.HoldsAsync(async () => (await repository.SettingsAsync(projectId, default)).ProtocolVersion == 7, "the protocol arrived over the broker", BrokerTimeout);
        var recordId = Guid.NewGuid();
        await bus.Publish(new CitationImported { ProjectId = projectId, RecordId = recordId, ImportId = Guid.NewGuid(), Source = "pubmed-alert", Citation = Citation("MSC-EVs in vitro only") });
        await Eventually.HoldsAsync(async () => (await As("ana").NextAsync(projectId)).StatusCode == HttpStatusCode.OK, "the citation became an item over the broker", BrokerTimeout);

        var itemId = ScreeningHost.TitleAbstract(recordId);
        Assert.Equal(HttpStatusCode.OK, (await As("ana").DecideAsync(projectId, itemId, "include")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await As("ana").DeleteAsync($"{ScreeningApi.Project(projectId)}/items/{itemId}/decisions/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await As("ana").DecideAsync(projectId, itemId, "exclude", reason: "in vitro only")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await As("ben").DecideAsync(projectId, itemId, "exclude", reason: "in vitro only")).StatusCode);

        var observed = observer.Services.GetRequiredService<ObservedEvents>();
        await Eventually.HoldsAsync(() => Task.FromResult(observed.Of<StudyExcluded>(projectId).Count == 1), "StudyExcluded reached the other bus host", BrokerTimeout);
        Assert.Equal((recordId, "in vitro only", false), (observed.Of<StudyExcluded>(projectId)[0].StudyId, observed.Of<StudyExcluded>(projectId)[0].Reason, observed.Of<StudyExcluded>(projectId)[0].WasIncluded));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Empty(observed.Of<DecisionRecorded>(projectId));
        var withdrawn = Assert.Single(observed.Of<DecisionWithdrawn>(projectId));
        Assert.Equal((itemId, "ana", false), (withdrawn.ItemId, withdrawn.Reviewer, withdrawn.ConflictClosed));
        // The decisions themselves are kept: the item holds both reviewers' exclusions.
        var stored = await repository.ItemAsync(projectId, itemId, default);
        Assert.Equal(["ana", "ben"], stored!.Value.Item.Decisions.Select(d => d.ReviewerId).Order());
    }
}

using EvSysReview.Contracts;
using EvSysReview.Contracts.Ingestion;
using EvSysReview.Contracts.Reviews;
using EvSysReview.Contracts.RiskOfBias;
using EvSysReview.Contracts.Screening;
using EvSysReview.RiskOfBias;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Storage;
using EvSysReview.TestSupport;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace EvSysReview.RiskOfBias.Tests;

/// <summary>
/// A downstream service stand-in: records every RiskOfBiasAssessed / RiskOfBiasReopened it
/// receives, through its own queues and store, as the synthesis service would.
/// </summary>
public sealed class ObserverModule : IServiceModule
{
    public static string Name => "rob-test-observer";
}

public sealed record Observed(string Type, Guid StudyId, int Revision, string Json);

public sealed class AssessedRecorderConsumer(ModuleStore<ObserverModule> store, OutboxSignal<ObserverModule> signal)
    : IdempotentConsumer<ObserverModule, RiskOfBiasAssessed>(store, signal)
{
    protected override Task Apply(RiskOfBiasAssessed message, UnitOfWork work, CancellationToken cancellationToken)
    {
        work.Put("observed", message.EventId.ToString(), message.ProjectId.ToString("N"), new Observed(nameof(RiskOfBiasAssessed), message.StudyId, message.Revision, System.Text.Json.JsonSerializer.Serialize(message, StoreJson.Options)), 0);
        return Task.CompletedTask;
    }
}

public sealed class ReopenedRecorderConsumer(ModuleStore<ObserverModule> store, OutboxSignal<ObserverModule> signal)
    : IdempotentConsumer<ObserverModule, RiskOfBiasReopened>(store, signal)
{
    protected override Task Apply(RiskOfBiasReopened message, UnitOfWork work, CancellationToken cancellationToken)
    {
        work.Put("observed", message.EventId.ToString(), message.ProjectId.ToString("N"), new Observed(nameof(RiskOfBiasReopened), message.StudyId, message.Revision, System.Text.Json.JsonSerializer.Serialize(message, StoreJson.Options)), 0);
        return Task.CompletedTask;
    }
}

/// <summary>
/// Risk-of-bias hosts built as its Program.cs builds them, on real ports. In memory (the
/// standalone transport) the observer runs inside the same host; over RabbitMQ it is a host of its
/// own, so events really cross the broker. Each instance has its own queue prefix and data folders.
/// </summary>
public sealed class RiskOfBiasHosts
{
    public string QueuePrefix { get; } = $"rb{Guid.NewGuid():N}"[..10] + "-";

    public string ServiceData { get; } = Directory.CreateTempSubdirectory("evsys-rob-").FullName;

    public string ObserverData { get; } = Directory.CreateTempSubdirectory("evsys-rob-observer-").FullName;

    private async Task<Dictionary<string, string?>> SettingsAsync(string dataDirectory, bool broker)
    {
        var settings = TestTokens.HostSettings();
        if (broker) settings["RABBITMQ_URI"] = await Broker.UriAsync();
        settings["Bus:QueuePrefix"] = QueuePrefix;
        settings["Storage:DataDirectory"] = dataDirectory;
        settings["Outbox:PollInterval"] = "00:00:00.200";
        return settings;
    }

    private static void AddObserver(Microsoft.AspNetCore.Builder.WebApplicationBuilder builder)
    {
        builder.AddModule<ObserverModule>();
        builder.AddConsumer<ObserverModule, AssessedRecorderConsumer>();
        builder.AddConsumer<ObserverModule, ReopenedRecorderConsumer>();
    }

    /// <summary>The service with the observer inside, on the in-memory bus.</summary>
    public async Task<RunningHost> StartInMemoryAsync() =>
        await RunningHost.StartAsync(
            (args, configure) => ServiceHost.Create(args, b => { b.AddRiskOfBias(); AddObserver(b); }, a => a.MapRiskOfBias(), configure),
            await SettingsAsync(ServiceData, broker: false),
            "services/RiskOfBias/Host/appsettings.json");

    public async Task<RunningHost> StartServiceOverBrokerAsync() =>
        await RunningHost.StartAsync(
            (args, configure) => ServiceHost.Create(args, b => b.AddRiskOfBias(), a => a.MapRiskOfBias(), configure),
            await SettingsAsync(ServiceData, broker: true),
            "services/RiskOfBias/Host/appsettings.json");

    /// <summary>The observer alone, over the broker: it also publishes the upstream events the service consumes.</summary>
    public async Task<RunningHost> StartObserverOverBrokerAsync() =>
        await RunningHost.StartAsync(
            (args, configure) => ServiceHost.Create(args, AddObserver, _ => { }, configure),
            await SettingsAsync(ObserverData, broker: true));

    public static async Task<IReadOnlyList<Observed>> ObservedAsync(RunningHost observer, Guid projectId) =>
        (await observer.Services.GetRequiredService<ModuleStore<ObserverModule>>().ListAsync("observed", projectId.ToString("N"))).Select(StoreJson.Read<Observed>).ToList();

    /// <summary>Waits until the observer has at least <paramref name="count"/> of the project's events; oldest first.</summary>
    public static async Task<IReadOnlyList<Observed>> ObservedAsync(RunningHost observer, Guid projectId, int count)
    {
        IReadOnlyList<Observed> observed = [];
        await Eventually.HoldsAsync(async () => (observed = await ObservedAsync(observer, projectId)).Count >= count, $"{count} events observed");
        return observed.OrderBy(o => System.Text.Json.JsonDocument.Parse(o.Json).RootElement.GetProperty("occurredAt").GetDateTimeOffset()).ToList();
    }
}

/// <summary>The upstream events a project needs here: team (reviews), protocol (reviews), included studies (screening).</summary>
public sealed class UpstreamEvents(IBus bus, Guid projectId)
{
    private long _membershipVersion;

    public Guid ProjectId => projectId;

    public Task Publish<T>(T integrationEvent) where T : IntegrationEvent => bus.Publish(integrationEvent);

    public async Task TeamAsync(params (string Username, string Role)[] members)
    {
        foreach (var (username, role) in members)
            await bus.Publish(new MemberJoined { ProjectId = projectId, Username = username, Role = role, MembershipVersion = ++_membershipVersion });
    }

    public Task ProtocolAsync(int version = 1, string tools = """{"animal":"syrcle","randomised":"rob2","non-randomised":"robins-i"}""") =>
        bus.Publish(new ProtocolPublished { ProjectId = projectId, Version = version, Protocol = $$"""{"riskOfBiasTools":{{tools}}}""" });

    public Task<Guid> IncludeAsync(string firstAuthor, int year, string design = "animal", Guid? studyId = null) =>
        IncludeAsync(new CitationData { Title = $"MSC-EVs in a model, by {firstAuthor}", Authors = [$"{firstAuthor} A"], Year = year }, design, studyId);

    public async Task<Guid> IncludeAsync(CitationData citation, string design = "animal", Guid? studyId = null)
    {
        var id = studyId ?? Guid.NewGuid();
        await bus.Publish(new StudyIncluded { ProjectId = projectId, StudyId = id, StudyDesign = design, Citation = citation });
        return id;
    }

    public Task ExcludeAsync(Guid studyId, string reason) =>
        bus.Publish(new StudyWithdrawn { ProjectId = projectId, StudyId = studyId, Stage = "full-text", Reason = reason });
}

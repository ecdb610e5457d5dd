using EvSysReview.TestSupport.Messaging;
using System.Net.Http.Json;
using System.Text.Json;
using EvSysReview.Contracts;
using EvSysReview.Contracts.Ingestion;
using EvSysReview.Contracts.Reviews;
using EvSysReview.Reviews;
using EvSysReview.Screening.Core.Decisions;
using EvSysReview.Screening.Items;
using EvSysReview.Screening.Tests.Probe;
using EvSysReview.ServiceDefaults;
using EvSysReview.TestSupport;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace EvSysReview.Screening.Tests;

/// <summary>
/// The reviews and screening modules in one real host (in-memory bus, SQLite in a temp folder),
/// built by ServiceHost like every Program.cs, plus a probe recording what screening publishes.
/// Ingestion is played by the test: it publishes CitationImported and CitationRetracted on the bus.
/// </summary>
public sealed class ScreeningHost : IAsyncLifetime
{
    private static int _protocolVersion = 1000;

    public RunningHost Host { get; private set; } = null!;

    public ObservedEvents Observed => Host.Services.GetRequiredService<ObservedEvents>();

    /// <summary>Where the host keeps its SQLite files; a second host on the same folder is the same service restarted.</summary>
    public string DataDirectory { get; private init; } = Directory.CreateTempSubdirectory("evsys-screening-").FullName;

    public async Task InitializeAsync()
    {
        var settings = TestTokens.HostSettings();
        settings["Storage:DataDirectory"] = DataDirectory;
        settings["Outbox:PollInterval"] = "00:00:00.200";
        // In memory even when the environment names a broker (REQUIRE_RABBITMQ runs): on shared queues
        // other hosts' consumers would take this host's messages.
        settings["RABBITMQ_URI"] = "";
        settings["Screening:Ranking:MaxDelay"] = "00:00:01";
        settings["Screening:Ranking:MinNewFinalDecisions"] = "2";
        settings["Screening:Ranking:MinInterval"] = "00:00:00";
        settings["Screening:Ranking:PollInterval"] = "00:00:00.200";
        // The probe consumes DecisionRecorded, as a deployment's own audit sink would, so this host
        // asks for it (off by default: BrokerConflictFlowTests).
        settings["Screening:Events:PublishReviewerDecisions"] = "true";
        Host = await StartAsync(settings);
    }

    /// <summary>A host on the files of an earlier one: what a restart of the service sees.</summary>
    public static async Task<ScreeningHost> RestartOnAsync(string dataDirectory)
    {
        var host = new ScreeningHost { DataDirectory = dataDirectory };
        await host.InitializeAsync();
        return host;
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    public static Task<RunningHost> StartAsync(Dictionary<string, string?> settings, bool withProbe = true) =>
        RunningHost.StartAsync(
            (args, configure) => ServiceHost.Create(
                args,
                b =>
                {
                    b.AddReviews();
                    b.AddScreening();
                    if (withProbe) ProbeRegistration.AddTo(b);
                },
                a =>
                {
                    a.MapReviews();
                    a.MapScreening();
                },
                configure),
            settings);

    public HttpClient As(string username) => Host.Client(TestTokens.Valid(username));

    /// <summary>A project led by <paramref name="lead"/> with its members and screening protocol known to the screening module.</summary>
    public async Task<Guid> CreateProjectAsync(string lead, (string Username, string Role)[] members, int reviewersPerRecord = 2, bool fullText = true, bool blinded = true)
    {
        var projectId = await ScreeningProjects.CreateAsync(Host, lead, members);
        var version = Interlocked.Increment(ref _protocolVersion);
        await PublishAsync(ScreeningProjects.Protocol(projectId, version, reviewersPerRecord, fullText, blinded));
        await Eventually.HoldsAsync(async () => (await Repository().SettingsAsync(projectId, default)).ProtocolVersion == version, "screening read the protocol");
        return projectId;
    }

    public async Task<Guid[]> ImportAsync(Guid projectId, params CitationData[] citations)
    {
        var records = new List<Guid>();
        foreach (var citation in citations)
        {
            var recordId = Guid.NewGuid();
            records.Add(recordId);
            await PublishAsync(new CitationImported { ProjectId = projectId, RecordId = recordId, ImportId = Guid.NewGuid(), Source = "file:ris", Citation = citation });
        }

        await Eventually.HoldsAsync(async () =>
        {
            var items = await Repository().ItemsAsync(projectId, default);
            return records.All(r => items.Any(i => i.RecordId == r));
        }, $"screening made items of the {records.Count} citations");
        return [.. records];
    }

    public ScreeningRepository Repository() => Host.Services.CreateScope().ServiceProvider.GetRequiredService<ScreeningRepository>();

    public Task PublishAsync<T>(T integrationEvent)
        where T : IntegrationEvent =>
        Host.Services.GetRequiredService<IBus>().Publish(integrationEvent);

    public static Guid TitleAbstract(Guid recordId) => ItemDocument.ItemIdFor(recordId, ScreeningStage.TitleAbstract);

    public static Guid FullText(Guid recordId) => ItemDocument.ItemIdFor(recordId, ScreeningStage.FullText);
}

public static class ScreeningProjects
{
    public static readonly string[] Reasons = ["in vitro only", "no control group", "not MSC-derived EVs"];

    public static async Task<Guid> CreateAsync(RunningHost host, string lead, (string Username, string Role)[] members)
    {
        var client = host.Client(TestTokens.Valid(lead));
        var created = await client.PostAsJsonAsync("/api/reviews/projects", new { title = $"Screening {Guid.NewGuid():N}" });
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        foreach (var (username, role) in members)
            (await client.PostAsJsonAsync($"/api/reviews/projects/{id}/members", new { username, role })).EnsureSuccessStatusCode();
        await Eventually.HoldsAsync(async () =>
        {
            var status = await client.GetAsync($"/api/screening/projects/{id}/status");
            return status.IsSuccessStatusCode
                && (await status.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("members").GetArrayLength() == members.Length + 1;
        }, $"screening knows the {members.Length + 1} members of {id}", TimeSpan.FromMinutes(2));
        return id;
    }

    public static ProtocolPublished Protocol(Guid projectId, int version, int reviewersPerRecord = 2, bool fullText = true, bool blinded = true) => new()
    {
        ProjectId = projectId,
        Version = version,
        Protocol = JsonSerializer.Serialize(new
        {
            exclusionReasons = Reasons.Append("retracted"),
            highlightTerms = new { include = new[] { "exosome*", "mice" }, exclude = new[] { "review", "in vitro" } },
            screening = new { reviewersPerRecord, blinded, fullTextStage = fullText },
        }),
    };

    public static CitationData Citation(string title, string? abstractText = null) => new()
    {
        Title = title,
        Abstract = abstractText ?? "Mesenchymal stem cell exosomes were given intranasally to APP/PS1 mice.",
        Authors = ["Smith J", "Doe A"],
        Journal = "J Neuroinflammation",
        Year = 2021,
        MeshTerms = ["Exosomes", "Alzheimer Disease"],
    };
}

public static class ScreeningApi
{
    public static string Project(Guid projectId) => $"/api/screening/projects/{projectId}";

    public static Task<HttpResponseMessage> DecideAsync(this HttpClient client, Guid projectId, Guid itemId, string decision, string? reason = null, string? studyDesign = null, string? idempotencyKey = null, string? prefer = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{Project(projectId)}/items/{itemId}/decisions")
        {
            Content = JsonContent.Create(new { decision, reason, note = "screened in a test", studyDesign }),
        };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        if (prefer is not null) request.Headers.Add("Prefer", prefer);
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> ResolveAsync(this HttpClient client, Guid projectId, Guid itemId, string decision, string? note, string? reason = null) =>
        client.PostAsJsonAsync($"{Project(projectId)}/conflicts/{itemId}/resolution", new { decision, reason, note });

    public static Task<HttpResponseMessage> NextAsync(this HttpClient client, Guid projectId, string stage = "title-abstract") =>
        client.GetAsync($"{Project(projectId)}/next?stage={stage}");

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    public static async Task<string> ProblemFieldAsync(this HttpResponseMessage response) =>
        (await response.JsonAsync()).GetProperty("field").GetString()!;
}

[CollectionDefinition(Name)]
public sealed class ScreeningCollection : ICollectionFixture<ScreeningHost>
{
    public const string Name = "screening host";
}

using EvSysReview.TestSupport.Messaging;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EvSysReview.Contracts;
using EvSysReview.Contracts.Ingestion;
using EvSysReview.Contracts.Screening;
using EvSysReview.Extraction.Core.Forms;
using EvSysReview.Extraction.Core.Outcomes;
using EvSysReview.Extraction.Tests.Probe;
using EvSysReview.Reviews;
using EvSysReview.ServiceDefaults;
using EvSysReview.TestSupport;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EvSysReview.Extraction.Tests;

/// <summary>
/// The reviews and extraction modules in one real host (in-memory bus, SQLite in a temp folder),
/// built by ServiceHost like every Program.cs, plus a probe that records what extraction publishes.
/// Reviews is hosted so that projects and members reach extraction through the real events.
/// </summary>
public sealed class ExtractionHost : IAsyncLifetime
{
    public RunningHost Host { get; private set; } = null!;

    public ObservedEvents Observed => Host.Services.GetRequiredService<ObservedEvents>();

    public async Task InitializeAsync()
    {
        var settings = TestTokens.HostSettings();
        settings["Storage:DataDirectory"] = Directory.CreateTempSubdirectory("evsys-extraction-").FullName;
        settings["Outbox:PollInterval"] = "00:00:00.200";
        Host = await StartAsync(settings);
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    public static Task<RunningHost> StartAsync(Dictionary<string, string?> settings) =>
        RunningHost.StartAsync(
            (args, configure) => ServiceHost.Create(
                args,
                b =>
                {
                    b.AddReviews();
                    b.AddExtraction();
                    b.AddProbe();
                },
                a =>
                {
                    a.MapReviews();
                    a.MapExtraction();
                },
                configure),
            settings);

    public HttpClient As(string username) => Host.Client(TestTokens.Valid(username));

    /// <summary>A project led by <paramref name="lead"/>, once the extraction module knows every member.</summary>
    public async Task<Guid> CreateProjectAsync(string lead, params (string Username, string Role)[] members)
    {
        var client = As(lead);
        var created = await client.PostAsJsonAsync("/api/reviews/projects", new { title = $"Extraction {Guid.NewGuid():N}" });
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        foreach (var (username, role) in members)
            (await client.PostAsJsonAsync($"/api/reviews/projects/{id}/members", new { username, role })).EnsureSuccessStatusCode();
        await Eventually.HoldsAsync(async () =>
        {
            var status = await client.GetAsync($"/api/extraction/projects/{id}/status");
            return status.IsSuccessStatusCode
                && (await status.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("members").GetArrayLength() == members.Length + 1;
        }, $"extraction knows the {members.Length + 1} members of {id}");
        return id;
    }

    public Task PublishAsync<T>(T integrationEvent)
        where T : IntegrationEvent =>
        Host.Services.GetRequiredService<IBus>().Publish(integrationEvent);

    /// <summary>Screening is not wired yet: the test plays it, publishing StudyIncluded on the bus.</summary>
    public async Task<Guid> IncludeStudyAsync(Guid projectId, string lead, params string[] authors)
    {
        var studyId = Guid.NewGuid();
        await PublishAsync(new StudyIncluded
        {
            ProjectId = projectId,
            StudyId = studyId,
            Citation = new CitationData { Title = "MSC exosomes rescue memory in APP/PS1 mice", Authors = authors, Year = 2021 },
        });
        await Eventually.HoldsAsync(async () => (await TaskAsync(projectId, studyId, lead)) is not null, $"the extraction task of {studyId} exists");
        return studyId;
    }

    /// <summary>Two identical extractions, submitted, finalised by <paramref name="finaliser"/> as they are (no differences, no consensus needed).</summary>
    public async Task FinaliseAgreedAsync(Guid projectId, Guid studyId, string finaliser, params string[] extractors)
    {
        foreach (var who in extractors)
        {
            Assert.Equal(System.Net.HttpStatusCode.Created, (await As(who).SaveEntryAsync(projectId, studyId, StudyEntries.Complete(studyId))).StatusCode);
            Assert.Equal(System.Net.HttpStatusCode.OK, (await As(who).PostAsync(projectId, studyId, "submit")).StatusCode);
        }

        Assert.Equal(System.Net.HttpStatusCode.OK, (await As(finaliser).PostAsync(projectId, studyId, "finalize")).StatusCode);
    }

    public async Task<JsonElement?> TaskAsync(Guid projectId, Guid studyId, string username)
    {
        var tasks = await As(username).GetFromJsonAsync<JsonElement>($"/api/extraction/projects/{projectId}/tasks");
        return tasks.EnumerateArray().Where(t => t.GetProperty("studyId").GetGuid() == studyId).Cast<JsonElement?>().FirstOrDefault();
    }
}

public static class ExtractionApi
{
    public static string Study(Guid projectId, Guid studyId) => $"/api/extraction/projects/{projectId}/studies/{studyId}";

    public static Task<HttpResponseMessage> SaveEntryAsync(this HttpClient client, Guid projectId, Guid studyId, ExtractionEntry entry, string? ifMatch = null) =>
        SendJsonAsync(client, HttpMethod.Put, $"{Study(projectId, studyId)}/entries/me", entry, ifMatch);

    public static Task<HttpResponseMessage> SendJsonAsync(this HttpClient client, HttpMethod method, string path, object body, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body, body.GetType(), options: ExtractionJson.Options) };
        if (ifMatch is not null) request.Headers.IfMatch.Add(EntityTagHeaderValue.Parse(ifMatch));
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PostAsync(this HttpClient client, Guid projectId, Guid studyId, string action, object? body = null) =>
        client.SendJsonAsync(HttpMethod.Post, $"{Study(projectId, studyId)}/{action}", body ?? new { });

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    public static IHostApplicationBuilder AddProbe(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ObservedEvents>();
        builder.AddConsumer<ProbeModule, ExtractionFinalizedConsumer>();
        builder.AddConsumer<ProbeModule, ExtractionReopenedConsumer>();
        return builder;
    }
}

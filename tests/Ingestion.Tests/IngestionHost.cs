using EvSysReview.TestSupport.Messaging;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EvSysReview.Reviews;
using EvSysReview.ServiceDefaults.Security;
using EvSysReview.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace EvSysReview.Ingestion.Tests;

/// <summary>
/// The reviews and ingestion modules in one real host (in-memory bus, SQLite in a temp folder),
/// built by ServiceHost as every Program.cs is, plus a probe recording what ingestion publishes.
/// Reviews is hosted so that projects and members reach ingestion through the real events.
/// </summary>
public sealed class IngestionHost : IAsyncDisposable
{
    private IngestionHost(RunningHost host, string dataDirectory)
    {
        Host = host;
        DataDirectory = dataDirectory;
    }

    public RunningHost Host { get; }

    public string DataDirectory { get; }

    public ObservedEvents Observed => Host.Services.GetRequiredService<ObservedEvents>();

    /// <param name="dataDirectory">Reuse a folder to restart "the same" service after a crash.</param>
    /// <param name="withProbe">Off when the probe runs in a host of its own (over the broker two probes would share one queue).</param>
    public static async Task<IngestionHost> StartAsync(string? dataDirectory = null, IDictionary<string, string?>? extra = null, bool withProbe = true)
    {
        dataDirectory ??= Directory.CreateTempSubdirectory("evsys-ingestion-").FullName;
        var settings = TestTokens.HostSettings();
        settings["Storage:DataDirectory"] = dataDirectory;
        settings["Outbox:PollInterval"] = "00:00:00.200";
        settings["Ingestion:MaxUploadBytes"] = (2 * 1024 * 1024).ToString();
        settings["Ingestion:ProgressEvery"] = "10";
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>()) settings[key] = value;
        var host = await RunningHost.StartAsync(
            (args, configure) => ServiceDefaults.ServiceHost.Create(
                args,
                b =>
                {
                    b.AddReviews();
                    b.AddIngestion();
                    if (withProbe) b.AddProbe();
                },
                a =>
                {
                    a.MapReviews();
                    a.MapIngestion();
                },
                configure),
            settings);
        return new IngestionHost(host, dataDirectory);
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();

    public HttpClient As(string username) => Host.Client(TestTokens.Valid(username));

    /// <summary>alice leads; dana is methodologist, bob reviewer, erin observer; waits until ingestion knows all four.</summary>
    public async Task<Guid> CreateProjectAsync()
    {
        var client = As("alice");
        var created = await client.PostAsJsonAsync("/api/reviews/projects", new { title = $"Ingestion {Guid.NewGuid():N}" });
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        foreach (var (username, role) in new[] { ("dana", ProjectRoles.Methodologist), ("bob", ProjectRoles.Reviewer), ("erin", ProjectRoles.Observer) })
            (await client.PostAsJsonAsync($"/api/reviews/projects/{id}/members", new { username, role })).EnsureSuccessStatusCode();
        await WaitForMembersAsync(id, 4);
        return id;
    }

    public async Task WaitForMembersAsync(Guid projectId, int count) =>
        await Eventually.HoldsAsync(async () =>
        {
            var status = await As("alice").GetAsync($"/api/ingestion/projects/{projectId}/status");
            return status.IsSuccessStatusCode && (await status.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("members").GetArrayLength() == count;
        }, $"ingestion knows the {count} members of {projectId}");

    public static string Base(Guid projectId) => $"/api/ingestion/projects/{projectId}";

    public static string TestFile(string relative) => Path.Combine(RepoPaths.SharedTestData, relative);

    public Task<HttpResponseMessage> PostFileAsync(Guid projectId, byte[] body, string contentType, string user = "alice", string? source = null)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var query = source is null ? "" : $"?source={Uri.EscapeDataString(source)}";
        return As(user).PostAsync($"{Base(projectId)}/imports{query}", content);
    }

    /// <summary>Uploads and waits for the import to finish; returns its final document.</summary>
    public async Task<JsonElement> ImportAsync(Guid projectId, byte[] body, string contentType, string? source = null)
    {
        var response = await PostFileAsync(projectId, body, contentType, source: source);
        await ExpectAsync(HttpStatusCode.Accepted, response, $"import as {contentType}");
        var importId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("importId").GetGuid();
        return await WaitForImportAsync(projectId, importId);
    }

    public async Task<JsonElement> WaitForImportAsync(Guid projectId, Guid importId)
    {
        JsonElement current = default;
        await Eventually.HoldsAsync(async () =>
        {
            current = await JsonAsync($"{Base(projectId)}/imports/{importId}");
            return current.GetProperty("status").GetString() is "completed" or "failed";
        }, $"import {importId} finished", TimeSpan.FromSeconds(120));
        return current;
    }

    public async Task<JsonElement> JsonAsync(string path, string user = "alice")
    {
        var response = await As(user).GetAsync(path);
        await ExpectAsync(HttpStatusCode.OK, response, $"GET {path}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Every page of GET .../records.</summary>
    public async Task<List<JsonElement>> RecordsAsync(Guid projectId, string query = "")
    {
        var all = new List<JsonElement>();
        for (var page = 1; ; page++)
        {
            var body = await JsonAsync($"{Base(projectId)}/records?page={page}{query}");
            var records = body.GetProperty("records").EnumerateArray().ToList();
            all.AddRange(records);
            if (all.Count >= body.GetProperty("total").GetInt32() || records.Count == 0) return all;
        }
    }

    public static async Task ExpectAsync(HttpStatusCode expected, HttpResponseMessage response, string what)
    {
        if (response.StatusCode != expected)
            throw new Xunit.Sdk.XunitException($"{what}: expected {(int)expected}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}

/// <summary>One host shared by the import test classes (each test makes its own project), to spare the shared CPUs.</summary>
public sealed class SharedIngestionHost : IAsyncLifetime
{
    public IngestionHost Ingestion { get; private set; } = null!;

    public async Task InitializeAsync() => Ingestion = await IngestionHost.StartAsync();

    public async Task DisposeAsync() => await Ingestion.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class IngestionCollection : ICollectionFixture<SharedIngestionHost>
{
    public const string Name = "ingestion host";
}

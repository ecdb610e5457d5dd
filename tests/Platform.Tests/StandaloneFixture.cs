using System.Net.Http.Json;
using System.Text.Json;
using EvSysReview.Standalone;
using EvSysReview.TestSupport;

namespace EvSysReview.Platform.Tests;

/// <summary>The standalone host (every module, in-memory bus, SQLite in a temp folder) on a real port.</summary>
public sealed class StandaloneFixture : IAsyncLifetime
{
    /// <summary>The deployment's operator (Operations:Operators): reads /health/ready in detail.</summary>
    public const string OperatorName = "olga";

    public RunningHost Host { get; private set; } = null!;

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("evsys-standalone-").FullName;

    public async Task InitializeAsync()
    {
        var settings = TestTokens.HostSettings();
        settings["Storage:DataDirectory"] = DataDirectory;
        settings["Operations:Operators:0"] = OperatorName;
        settings["WebRoot"] = Path.Combine(RepoPaths.Root, "gateway", "wwwroot");
        Host = await RunningHost.StartAsync(StandaloneHost.Create, settings, "deploy/Standalone/appsettings.json");
    }

    public async Task DisposeAsync() => await Host.DisposeAsync();

    public HttpClient As(string username) => Host.Client(TestTokens.Valid(username));

    /// <summary>A project led by <paramref name="lead"/> with the given members, once every module knows them all.</summary>
    public async Task<Guid> CreateProjectAsync(string lead, params (string Username, string Role)[] members)
    {
        var client = As(lead);
        var created = await client.PostAsJsonAsync("/api/reviews/projects", new { title = $"Project {Guid.NewGuid():N}" });
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        foreach (var (username, role) in members)
        {
            (await client.PostAsJsonAsync($"/api/reviews/projects/{id}/members", new { username, role })).EnsureSuccessStatusCode();
        }

        foreach (var module in new[] { "ingestion", "screening", "extraction", "risk-of-bias", "synthesis" })
        {
            var lastSeen = "no answer";
            try
            {
                await Eventually.HoldsAsync(async () =>
                {
                    var status = await client.GetAsync($"/api/{module}/projects/{id}/status");
                    lastSeen = $"{(int)status.StatusCode} {await status.Content.ReadAsStringAsync()}";
                    if (!status.IsSuccessStatusCode) return false;
                    var known = (await status.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("members").GetArrayLength();
                    return known == members.Length + 1;
                }, $"{module} knows the {members.Length + 1} members of project {id}");
            }
            catch (Xunit.Sdk.XunitException timedOut)
            {
                throw new Xunit.Sdk.XunitException($"{timedOut.Message} Its last status: {lastSeen}");
            }
        }

        return id;
    }
}

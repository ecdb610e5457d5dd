using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using EvSysReview.TestSupport;

namespace EvSysReview.Browser.Tests;

/// <summary>The API steps of the whole-review test that the browser has already exercised once.</summary>
public sealed class ReviewApi(BrowserFixture fixture, string projectId)
{
    private HttpClient As(string user) => fixture.ApiAs(user);

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response, string what)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task AddIncludeTermAsync(string term)
    {
        var project = JsonNode.Parse(await As("alice").GetStringAsync($"/api/reviews/projects/{projectId}"))!;
        var protocol = project["protocol"]!;
        protocol["highlightTerms"]!["include"]!.AsArray().Add(term);
        await OkAsync(await As("alice").PutAsJsonAsync($"/api/reviews/projects/{projectId}/protocol", new { protocol, amendmentNote = $"Highlight '{term}'" }), "amend the protocol");
    }

    /// <summary>Every module knows the project and its four members (events the reviews module published before them are in too).</summary>
    public async Task WaitForModulesAsync()
    {
        foreach (var module in new[] { "ingestion", "screening", "extraction", "risk-of-bias", "synthesis" })
        {
            await Eventually.HoldsAsync(async () =>
            {
                var response = await As("alice").GetAsync($"/api/{module}/projects/{projectId}/status");
                if (!response.IsSuccessStatusCode) return false;
                var status = await response.Content.ReadFromJsonAsync<JsonElement>();
                return status.GetProperty("projectKnown").GetBoolean() && status.GetProperty("members").GetArrayLength() == 4;
            }, $"{module} knows the project, its team and its protocol");
        }
    }

    /// <summary>Decides every item <paramref name="user"/>'s queue serves at <paramref name="stage"/>.</summary>
    public async Task DecideAllAsync(string user, string stage, object decision)
    {
        for (var n = 0; n < 50; n++)
        {
            var next = await As(user).GetAsync($"/api/screening/projects/{projectId}/next?stage={stage}");
            if (next.StatusCode == HttpStatusCode.NoContent) return;
            var item = await OkAsync(next, "next");
            await OkAsync(await As(user).PostAsJsonAsync($"/api/screening/projects/{projectId}/items/{item.GetProperty("itemId").GetString()}/decisions", decision), $"{user} decides");
        }

        throw new InvalidOperationException("the queue did not end");
    }

    /// <summary>Waits for the extraction and risk-of-bias tasks of the included studies: title → study id.</summary>
    public async Task<Dictionary<string, string>> WaitForExtractionTasksAsync(int count)
    {
        var tasks = new Dictionary<string, string>();
        await Eventually.HoldsAsync(async () =>
        {
            var extraction = await As("alice").GetFromJsonAsync<JsonElement>($"/api/extraction/projects/{projectId}/tasks");
            var riskOfBias = await As("alice").GetFromJsonAsync<JsonElement>($"/api/risk-of-bias/projects/{projectId}/tasks");
            tasks = extraction.EnumerateArray().ToDictionary(t => t.GetProperty("title").GetString()!, t => t.GetProperty("studyId").GetString()!);
            return tasks.Count == count && riskOfBias.EnumerateArray().Count(t => t.GetProperty("tool").GetString() == "syrcle") == count;
        }, $"{count} studies have extraction and SYRCLE tasks");
        return tasks;
    }

    /// <summary>An MSC-EV entry: every required field, one escape-latency row at 28 d (mean, SD 8, n 10 per arm).</summary>
    public static object Entry(string route, double controlMean, double treatmentMean) => new
    {
        fields = new Dictionary<string, object>
        {
            ["disease"] = new { choice = "alzheimers" }, ["animalModel"] = new { choice = "appPs1" }, ["species"] = new { choice = "mouse" },
            ["sex"] = new { choice = "male" }, ["mscSource"] = new { choice = "boneMarrow" }, ["donorSpecies"] = new { choice = "human" },
            ["evType"] = new { choice = "exosomes" }, ["isolationMethod"] = new { choice = "ultracentrifugation" }, ["frequency"] = new { choice = "single" },
            ["route"] = new { choice = route }, ["followUpTimePoints"] = new { values = new[] { new { value = 28, unit = "d" } } },
        },
        arms = new[] { new { id = "control", label = "Vehicle control", role = "control" }, new { id = "treatment", label = "MSC-EV", role = "treatment" } },
        comparisons = new[] { new { id = "c1", treatmentArmId = "treatment", controlArmId = "control" } },
        outcomes = new[]
        {
            new
            {
                outcome = "mwmEscapeLatency", unit = "s", source = "table", timePoint = new { value = 28, unit = "d" },
                arms = new[]
                {
                    new { armId = "control", reported = "meanSd", mean = controlMean, sd = 8.0, n = 10 },
                    new { armId = "treatment", reported = "meanSd", mean = treatmentMean, sd = 8.0, n = 10 },
                },
            },
        },
    };

    public async Task ExtractAsync(string user, string studyId, object entry)
    {
        var saved = await OkAsync(await As(user).PutAsJsonAsync($"/api/extraction/projects/{projectId}/studies/{studyId}/entries/me", entry), $"{user} saves an extraction");
        Assert.Equal(0, saved.GetProperty("submissionErrors").GetArrayLength());
        await OkAsync(await As(user).PostAsJsonAsync($"/api/extraction/projects/{projectId}/studies/{studyId}/submit", new { }), $"{user} submits");
    }

    public async Task FinalizeExtractionAsync(string user, string studyId) =>
        await OkAsync(await As(user).PostAsJsonAsync($"/api/extraction/projects/{projectId}/studies/{studyId}/finalize", new { }), "finalise the extraction");

    /// <summary><paramref name="user"/> answers the SYRCLE questions 1–10 in order and submits.</summary>
    public async Task AssessAsync(string user, string studyId, string[] answers)
    {
        var rob = $"/api/risk-of-bias/projects/{projectId}/studies/{studyId}";
        var sheet = new { answers = answers.Select((a, i) => (Id: (i + 1).ToString(), a)).ToDictionary(x => x.Id, x => new { answer = x.a }) };
        await OkAsync(await As(user).PutAsJsonAsync($"{rob}/assessments/me", sheet), $"{user} assesses");
        await OkAsync(await As(user).PostAsJsonAsync($"{rob}/submit", new { }), $"{user} submits");
    }
}

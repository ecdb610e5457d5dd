using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EvSysReview.TestSupport;

namespace EvSysReview.RiskOfBias.Tests;

/// <summary>HTTP calls to one project of a risk-of-bias host, as a given user.</summary>
public sealed class RobApi(RunningHost host, Guid projectId)
{
    public Guid ProjectId => projectId;

    public string Base => $"/api/risk-of-bias/projects/{projectId}";

    public HttpClient As(string username) => host.Client(TestTokens.Valid(username));

    public static object SyrcleSheet(string answer, string quotePrefix, int items = 10) => new
    {
        tool = "syrcle",
        answers = Enumerable.Range(1, items).ToDictionary(i => i.ToString(), i => new { answer, quote = $"{quotePrefix}-{i}" }),
    };

    public static object RobinsSheet(string judgement, string supportPrefix) => new
    {
        tool = "robins-i",
        statedJudgements = Enumerable.Range(1, 7).ToDictionary(i => $"D{i}", i => new { judgement, support = $"{supportPrefix}-{i}" }),
    };

    public Task<HttpResponseMessage> PutSheetAsync(string user, Guid studyId, object sheet, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"{Base}/studies/{studyId}/assessments/me") { Content = JsonContent.Create(sheet) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return As(user).SendAsync(request);
    }

    public async Task SaveAndSubmitAsync(string user, Guid studyId, object sheet)
    {
        await ExpectAsync(HttpStatusCode.OK, await PutSheetAsync(user, studyId, sheet), $"{user} saves");
        await ExpectAsync(HttpStatusCode.OK, await As(user).PostAsync($"{Base}/studies/{studyId}/submit", null), $"{user} submits");
    }

    public Task<HttpResponseMessage> PutConsensusAsync(string user, Guid studyId, object decisions, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"{Base}/studies/{studyId}/consensus") { Content = JsonContent.Create(decisions) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return As(user).SendAsync(request);
    }

    public async Task<JsonElement> JsonAsync(string user, string path)
    {
        var response = await As(user).GetAsync(path);
        await ExpectAsync(HttpStatusCode.OK, response, $"GET {path} as {user}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<string> TextAsync(string user, string path)
    {
        var response = await As(user).GetAsync(path);
        await ExpectAsync(HttpStatusCode.OK, response, $"GET {path} as {user}");
        return await response.Content.ReadAsStringAsync();
    }

    public async Task<bool> TaskExistsAsync(string user, Guid studyId)
    {
        var response = await As(user).GetAsync($"{Base}/tasks");
        if (!response.IsSuccessStatusCode) return false;
        var tasks = await response.Content.ReadFromJsonAsync<JsonElement>();
        return tasks.EnumerateArray().Any(t => t.GetProperty("studyId").GetGuid() == studyId && t.GetProperty("tool").ValueKind == JsonValueKind.String);
    }

    public static async Task ExpectAsync(HttpStatusCode expected, HttpResponseMessage response, string what)
    {
        if (response.StatusCode != expected)
            throw new Xunit.Sdk.XunitException($"{what}: expected {(int)expected}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}

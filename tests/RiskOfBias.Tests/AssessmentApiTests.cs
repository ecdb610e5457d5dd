using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EvSysReview.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace EvSysReview.RiskOfBias.Tests;

/// <summary>Assessing over HTTP: blinding on every endpoint, who may do what, optimistic concurrency, validation.</summary>
public sealed class AssessmentApiTests : IAsyncLifetime
{
    private readonly RiskOfBiasHosts _hosts = new();
    private RunningHost _service = null!;

    public async Task InitializeAsync() => _service = await _hosts.StartInMemoryAsync();

    public async Task DisposeAsync() => await _service.DisposeAsync();

    /// <summary>Everything assessor <paramref name="user"/> can GET about the study and the project.</summary>
    private static async Task<List<(string Path, string Body)>> EverythingVisibleToAsync(RobApi api, string user, Guid studyId)
    {
        var paths = new[]
        {
            $"{api.Base}/tasks", $"{api.Base}/tasks?assignedTo=me", $"{api.Base}/studies/{studyId}", $"{api.Base}/studies/{studyId}/assessments/me",
            $"{api.Base}/studies/{studyId}/comparison", $"{api.Base}/plots/traffic-light.svg?tool=syrcle", $"{api.Base}/plots/summary.svg?tool=syrcle",
            $"{api.Base}/export?format=csv", $"{api.Base}/status",
        };
        var seen = new List<(string, string)>();
        foreach (var path in paths)
        {
            var response = await api.As(user).GetAsync(path);
            seen.Add(($"{path} → {(int)response.StatusCode}", await response.Content.ReadAsStringAsync()));
        }

        return seen;
    }

    private static void AssertNeverShown(IEnumerable<(string Path, string Body)> seen, string secret)
    {
        foreach (var (path, body) in seen) Assert.False(body.Contains(secret, StringComparison.Ordinal), $"{path} revealed {secret}: {body}");
    }

    [Fact]
    public async Task While_open_neither_assessor_sees_the_others_answers_through_any_endpoint_and_both_see_them_once_both_submitted()
    {
        var (api, upstream) = await ProjectSetup.CreateAsync(_service);
        var studyId = await ProjectSetup.IncludeAsync(api, upstream, "Smith", 2020);

        await RobApi.ExpectAsync(HttpStatusCode.OK, await api.PutSheetAsync(ProjectSetup.ReviewerA, studyId, RobApi.SyrcleSheet("yes", "RAFA-SECRET")), "rafa saves");
        await RobApi.ExpectAsync(HttpStatusCode.OK, await api.PutSheetAsync(ProjectSetup.ReviewerB, studyId, RobApi.SyrcleSheet("no", "REMY-SECRET", items: 6)), "remy saves a partial sheet");

        // Both open, then one submitted: still blinded for both, and for the methodologist too.
        for (var round = 0; round < 2; round++)
        {
            AssertNeverShown(await EverythingVisibleToAsync(api, ProjectSetup.ReviewerA, studyId), "REMY-SECRET");
            AssertNeverShown(await EverythingVisibleToAsync(api, ProjectSetup.ReviewerB, studyId), "RAFA-SECRET");
            var methodologistView = await EverythingVisibleToAsync(api, ProjectSetup.Methodologist, studyId);
            AssertNeverShown(methodologistView, "RAFA-SECRET");
            AssertNeverShown(methodologistView, "REMY-SECRET");
            var comparison = await api.As(ProjectSetup.ReviewerA).GetAsync($"{api.Base}/studies/{studyId}/comparison");
            Assert.Equal(HttpStatusCode.Conflict, comparison.StatusCode);
            if (round == 0) await RobApi.ExpectAsync(HttpStatusCode.OK, await api.As(ProjectSetup.ReviewerA).PostAsync($"{api.Base}/studies/{studyId}/submit", null), "rafa submits");
        }

        var own = await api.JsonAsync(ProjectSetup.ReviewerA, $"{api.Base}/studies/{studyId}");
        Assert.Equal("open", own.GetProperty("state").GetString());
        Assert.True(own.GetProperty("blinded").GetBoolean());
        Assert.Equal("RAFA-SECRET-1", own.GetProperty("own").GetProperty("sheet").GetProperty("answers").GetProperty("1").GetProperty("quote").GetString());
        Assert.Equal(JsonValueKind.Null, own.GetProperty("sheets").ValueKind);

        // An incomplete sheet cannot be submitted; the problem names what is missing.
        var incomplete = await api.As(ProjectSetup.ReviewerB).PostAsync($"{api.Base}/studies/{studyId}/submit", null);
        Assert.Equal(HttpStatusCode.Conflict, incomplete.StatusCode);
        Assert.Contains("D7", await incomplete.Content.ReadAsStringAsync());

        await api.SaveAndSubmitAsync(ProjectSetup.ReviewerB, studyId, RobApi.SyrcleSheet("no", "REMY-SECRET"));
        var revealed = await api.TextAsync(ProjectSetup.ReviewerA, $"{api.Base}/studies/{studyId}/comparison");
        Assert.Contains("REMY-SECRET-1", revealed);
        var comparisonJson = JsonDocument.Parse(revealed).RootElement;
        Assert.Equal("bothSubmitted", comparisonJson.GetProperty("state").GetString());
        Assert.Equal(20, comparisonJson.GetProperty("differences").GetArrayLength()); // 10 answers + 10 item judgements
        Assert.Contains("RAFA-SECRET-1", await api.TextAsync(ProjectSetup.ReviewerB, $"{api.Base}/studies/{studyId}"));
    }

    [Fact]
    public async Task Roles_are_enforced_observer_cannot_assess_reviewer_cannot_decide_consensus_and_a_non_member_sees_no_project()
    {
        var (api, upstream) = await ProjectSetup.CreateAsync(_service);
        var studyId = await ProjectSetup.IncludeAsync(api, upstream, "Jones", 2019);

        Assert.Equal(HttpStatusCode.Forbidden, (await api.PutSheetAsync(ProjectSetup.Observer, studyId, RobApi.SyrcleSheet("yes", "x"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.As(ProjectSetup.Observer).PostAsync($"{api.Base}/studies/{studyId}/submit", null)).StatusCode);

        await api.SaveAndSubmitAsync(ProjectSetup.ReviewerA, studyId, RobApi.SyrcleSheet("yes", "a"));
        await api.SaveAndSubmitAsync(ProjectSetup.Methodologist, studyId, RobApi.SyrcleSheet("unclear", "m"));

        var decision = new { answers = new Dictionary<string, object> { ["1"] = new { answer = "yes", reason = "Table 1 shows randomisation" } } };
        Assert.Equal(HttpStatusCode.Forbidden, (await api.PutConsensusAsync(ProjectSetup.ReviewerA, studyId, decision)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.As(ProjectSetup.ReviewerB).PostAsync($"{api.Base}/studies/{studyId}/finalize", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.As(ProjectSetup.Observer).PostAsJsonAsync($"{api.Base}/studies/{studyId}/reopen", new { reason = "x" })).StatusCode);

        // A third person cannot join a study that has its two assessors.
        var third = await api.PutSheetAsync(ProjectSetup.Lead, studyId, RobApi.SyrcleSheet("yes", "l"));
        Assert.Equal(HttpStatusCode.Conflict, third.StatusCode);
        Assert.Contains("two assessors", await third.Content.ReadAsStringAsync());

        foreach (var path in new[] { "tasks", $"studies/{studyId}", $"studies/{studyId}/comparison", "plots/traffic-light.svg", "plots/summary.svg", "export?format=csv" })
            Assert.Equal(HttpStatusCode.NotFound, (await api.As(ProjectSetup.Outsider).GetAsync($"{api.Base}/{path}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.PutSheetAsync(ProjectSetup.Outsider, studyId, RobApi.SyrcleSheet("yes", "x"))).StatusCode);

        // Observers read plots, export, study state and the comparison after blinding.
        Assert.Equal(HttpStatusCode.OK, (await api.As(ProjectSetup.Observer).GetAsync($"{api.Base}/plots/traffic-light.svg")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.As(ProjectSetup.Observer).GetAsync($"{api.Base}/plots/summary.svg")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.As(ProjectSetup.Observer).GetAsync($"{api.Base}/export?format=csv")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.As(ProjectSetup.Observer).GetAsync($"{api.Base}/studies/{studyId}/comparison")).StatusCode);
    }

    [Fact]
    public async Task A_stale_If_Match_gets_412_while_the_other_assessors_saves_do_not_invalidate_mine()
    {
        var (api, upstream) = await ProjectSetup.CreateAsync(_service);
        var studyId = await ProjectSetup.IncludeAsync(api, upstream, "Lee", 2021);

        var before = await api.As(ProjectSetup.ReviewerA).GetAsync($"{api.Base}/studies/{studyId}/assessments/me");
        var etag = before.Headers.ETag!.ToString();
        Assert.Equal("\"me-0\"", etag);

        var first = await api.PutSheetAsync(ProjectSetup.ReviewerA, studyId, RobApi.SyrcleSheet("yes", "first tab", items: 3), etag);
        await RobApi.ExpectAsync(HttpStatusCode.OK, first, "first PUT");
        Assert.Equal("\"me-1\"", first.Headers.ETag!.ToString());

        // Same starting ETag from a second browser tab: refused, the first save is kept.
        var second = await api.PutSheetAsync(ProjectSetup.ReviewerA, studyId, RobApi.SyrcleSheet("no", "second tab", items: 3), etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, second.StatusCode);
        Assert.Equal("If-Match", (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        var kept = await api.JsonAsync(ProjectSetup.ReviewerA, $"{api.Base}/studies/{studyId}/assessments/me");
        Assert.Equal("first tab-1", kept.GetProperty("sheet").GetProperty("answers").GetProperty("1").GetProperty("quote").GetString());

        // Two PUTs racing with the same ETag: exactly one wins.
        var racing = await Task.WhenAll(
            api.PutSheetAsync(ProjectSetup.ReviewerA, studyId, RobApi.SyrcleSheet("yes", "race a"), "\"me-1\""),
            api.PutSheetAsync(ProjectSetup.ReviewerA, studyId, RobApi.SyrcleSheet("no", "race b"), "\"me-1\""));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], racing.Select(r => r.StatusCode).Order());

        // The other assessor saving changes the study, not my sheet: my ETag still holds.
        await RobApi.ExpectAsync(HttpStatusCode.OK, await api.PutSheetAsync(ProjectSetup.ReviewerB, studyId, RobApi.SyrcleSheet("no", "other")), "remy saves");
        await RobApi.ExpectAsync(HttpStatusCode.OK, await api.PutSheetAsync(ProjectSetup.ReviewerA, studyId, RobApi.SyrcleSheet("yes", "after"), "\"me-2\""), "rafa saves on his own ETag");

        // Consensus decisions use the study's ETag.
        await RobApi.ExpectAsync(HttpStatusCode.OK, await api.As(ProjectSetup.ReviewerA).PostAsync($"{api.Base}/studies/{studyId}/submit", null), "rafa submits");
        await RobApi.ExpectAsync(HttpStatusCode.OK, await api.As(ProjectSetup.ReviewerB).PostAsync($"{api.Base}/studies/{studyId}/submit", null), "remy submits");
        var comparison = await api.As(ProjectSetup.Methodologist).GetAsync($"{api.Base}/studies/{studyId}/comparison");
        var studyETag = comparison.Headers.ETag!.ToString();
        var decision = new { answers = new Dictionary<string, object> { ["1"] = new { answer = "yes", reason = "Methods: random number table" } } };
        await RobApi.ExpectAsync(HttpStatusCode.OK, await api.PutConsensusAsync(ProjectSetup.Methodologist, studyId, decision, studyETag), "first consensus decision");
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await api.PutConsensusAsync(ProjectSetup.Lead, studyId, decision, studyETag)).StatusCode);
    }

    [Fact]
    public async Task Invalid_sheets_are_refused_with_every_field_named_and_the_wrong_tool_is_refused()
    {
        var (api, upstream) = await ProjectSetup.CreateAsync(_service);
        var studyId = await ProjectSetup.IncludeAsync(api, upstream, "Kim", 2018);

        var invalid = await api.PutSheetAsync(ProjectSetup.ReviewerA, studyId, new
        {
            tool = "syrcle",
            answers = new Dictionary<string, object> { ["1"] = new { answer = "maybe" }, ["99"] = new { answer = "yes" } },
            overrides = new Dictionary<string, object> { ["D1"] = new { judgement = "high", reason = " " } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var errors = (await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("answers.1", out _));
        Assert.True(errors.TryGetProperty("answers.99", out _));
        Assert.True(errors.TryGetProperty("overrides.D1", out _));

        var wrongTool = await api.PutSheetAsync(ProjectSetup.ReviewerA, studyId, new { tool = "rob2", answers = new Dictionary<string, object>() });
        Assert.Equal(HttpStatusCode.BadRequest, wrongTool.StatusCode);
        Assert.Equal("tool", (await wrongTool.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());

        Assert.Equal(HttpStatusCode.NotFound, (await api.PutSheetAsync(ProjectSetup.ReviewerA, Guid.NewGuid(), RobApi.SyrcleSheet("yes", "x"))).StatusCode);
    }

    [Fact]
    public async Task The_tool_follows_the_protocol_even_when_the_protocol_arrives_after_the_study_and_tasks_list_what_needs_an_assessor()
    {
        var projectId = Guid.NewGuid();
        var upstream = new UpstreamEvents(_service.Services.GetRequiredService<MassTransit.IBus>(), projectId);
        var api = new RobApi(_service, projectId);
        await upstream.TeamAsync((ProjectSetup.Lead, "lead"), (ProjectSetup.ReviewerA, "reviewer"), (ProjectSetup.ReviewerB, "reviewer"), (ProjectSetup.Methodologist, "methodologist"));
        await Eventually.HoldsAsync(async () => (await api.As(ProjectSetup.Lead).GetAsync($"{api.Base}/status")).IsSuccessStatusCode
            && (await api.JsonAsync(ProjectSetup.Lead, $"{api.Base}/status")).GetProperty("members").GetArrayLength() == 4, "team known");

        var trial = await upstream.IncludeAsync("Garcia", 2022, "randomised");
        await Eventually.HoldsAsync(async () => (await api.JsonAsync(ProjectSetup.Lead, $"{api.Base}/tasks")).GetArrayLength() == 1, "the task exists", TimeSpan.FromSeconds(5));
        var waiting = await api.JsonAsync(ProjectSetup.Lead, $"{api.Base}/studies/{trial}");
        Assert.Equal("awaitingTool", waiting.GetProperty("state").GetString());
        Assert.Contains("protocol", waiting.GetProperty("toolProblem").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await api.PutSheetAsync(ProjectSetup.ReviewerA, trial, new { answers = new Dictionary<string, object>() })).StatusCode);

        await upstream.ProtocolAsync();
        await Eventually.HoldsAsync(() => api.TaskExistsAsync(ProjectSetup.Lead, trial), "the protocol gave the task its tool");
        Assert.Equal("rob2", (await api.JsonAsync(ProjectSetup.Lead, $"{api.Base}/studies/{trial}")).GetProperty("tool").GetString());

        // Assignment: the first two who save are the assessors; others no longer see it as theirs to take.
        Assert.Single((await api.JsonAsync(ProjectSetup.Methodologist, $"{api.Base}/tasks?assignedTo=me")).EnumerateArray());
        await RobApi.ExpectAsync(HttpStatusCode.OK, await api.PutSheetAsync(ProjectSetup.ReviewerA, trial, new { tool = "rob2", answers = new Dictionary<string, object> { ["1.1"] = new { answer = "Y", quote = "computer-generated" } } }), "rafa starts");
        await RobApi.ExpectAsync(HttpStatusCode.OK, await api.PutSheetAsync(ProjectSetup.ReviewerB, trial, new { tool = "rob2", answers = new Dictionary<string, object>() }), "remy starts");
        Assert.Empty((await api.JsonAsync(ProjectSetup.Methodologist, $"{api.Base}/tasks?assignedTo=me")).EnumerateArray());
        var mine = (await api.JsonAsync(ProjectSetup.ReviewerA, $"{api.Base}/tasks?assignedTo=me")).EnumerateArray().Single();
        Assert.True(mine.GetProperty("assignedToYou").GetBoolean());
        Assert.Equal(["rafa", "remy"], mine.GetProperty("assessors").EnumerateArray().Select(a => a.GetProperty("username").GetString()!));

        // An amendment does not change the tool of a task already being assessed.
        await upstream.ProtocolAsync(version: 2, tools: """{"randomised":"robins-i"}""");
        await Task.Delay(500);
        Assert.Equal("rob2", (await api.JsonAsync(ProjectSetup.Lead, $"{api.Base}/studies/{trial}")).GetProperty("tool").GetString());
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EvSysReview.Contracts.Ingestion;
using EvSysReview.TestSupport;

namespace EvSysReview.RiskOfBias.Tests;

/// <summary>
/// What the web UI's consensus screen relies on: a consensus judgement different from both
/// assessors' with a required reason, reopening a final assessment with a reason, and the refusals
/// (wrong role 403, missing reason 400 naming the field, stale ETag 412, wrong state 409).
/// </summary>
public sealed class ConsensusOverrideTests : IAsyncLifetime
{
    private readonly RiskOfBiasHosts _hosts = new();
    private RunningHost _service = null!;

    public async Task InitializeAsync() => _service = await _hosts.StartInMemoryAsync();

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task A_consensus_judgement_neither_assessor_gave_needs_a_reason_and_the_methodologist_role_and_a_fresh_etag()
    {
        var (api, study) = await BothAssessorsSayLowAsync("Okafor", 2022);
        var comparison = await api.As(ProjectSetup.Methodologist).GetAsync($"{api.Base}/studies/{study}/comparison");
        var etag = comparison.Headers.ETag!.ToString();
        var body = await comparison.Content.ReadFromJsonAsync<JsonElement>();
        Assert.All(body.GetProperty("sheets").EnumerateArray(), s => Assert.Equal("low", Domain(s.GetProperty("evaluation"), "D1")));

        var high = new { judgements = new Dictionary<string, object> { ["D1"] = new { judgement = "high", reason = "Cages allocated by number" } } };
        Assert.Equal(HttpStatusCode.Forbidden, (await api.PutConsensusAsync(ProjectSetup.ReviewerA, study, high, etag)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.PutConsensusAsync(ProjectSetup.Observer, study, high, etag)).StatusCode);

        var noReason = await api.PutConsensusAsync(ProjectSetup.Methodologist, study, new { judgements = new Dictionary<string, object> { ["D1"] = new { judgement = "high", reason = " " } } }, etag);
        await ExpectFieldAsync(noReason, "judgements.D1", "A consensus decision requires a reason.");
        var notOnTheScale = await api.PutConsensusAsync(ProjectSetup.Methodologist, study, new { judgements = new Dictionary<string, object> { ["D1"] = new { judgement = "severe", reason = "x" } } }, etag);
        await ExpectFieldAsync(notOnTheScale, "judgements.D1", "'severe' is not a judgement of tool 'syrcle'");

        var recorded = await api.PutConsensusAsync(ProjectSetup.Methodologist, study, high, etag);
        await RobApi.ExpectAsync(HttpStatusCode.OK, recorded, "override D1");
        var consensus = (await recorded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("consensus");
        Assert.Equal("high", Domain(consensus.GetProperty("evaluation"), "D1"));
        Assert.Equal("Cages allocated by number", consensus.GetProperty("reasons").GetProperty("domain:D1").GetString());
        // The refused attempts changed nothing, so the first ETag was still good; now it is stale.
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await api.PutConsensusAsync(ProjectSetup.Lead, study, high, etag)).StatusCode);

        var current = recorded.Headers.ETag!.ToString();
        await RobApi.ExpectAsync(HttpStatusCode.OK, await Post(api, ProjectSetup.Methodologist, $"studies/{study}/finalize", new { }, current), "finalise");
        var final = await api.JsonAsync(ProjectSetup.ReviewerA, $"{api.Base}/studies/{study}");
        Assert.Equal("high", final.GetProperty("final").GetProperty("domains").GetProperty("D1").GetString());
        Assert.Equal("low", final.GetProperty("final").GetProperty("domains").GetProperty("D2").GetString());
    }

    [Fact]
    public async Task Reopening_a_final_assessment_needs_a_reason_the_methodologist_role_a_fresh_etag_and_a_final_assessment()
    {
        var (api, study) = await BothAssessorsSayLowAsync("Haddad", 2021);
        // Not final yet: nothing to reopen.
        Assert.Equal(HttpStatusCode.Conflict, (await Post(api, ProjectSetup.Methodologist, $"studies/{study}/reopen", new { reason = "early" })).StatusCode);
        await RobApi.ExpectAsync(HttpStatusCode.OK, await api.PutConsensusAsync(ProjectSetup.Methodologist, study, new { judgements = new Dictionary<string, object> { ["D1"] = new { judgement = "low", reason = "Both assessors agreed." } } }), "consensus");
        var finalised = await Post(api, ProjectSetup.Methodologist, $"studies/{study}/finalize", new { });
        await RobApi.ExpectAsync(HttpStatusCode.OK, finalised, "finalise");
        var etag = finalised.Headers.ETag!.ToString();

        Assert.Equal(HttpStatusCode.Forbidden, (await Post(api, ProjectSetup.ReviewerA, $"studies/{study}/reopen", new { reason = "x" }, etag)).StatusCode);
        await ExpectFieldAsync(await Post(api, ProjectSetup.Methodologist, $"studies/{study}/reopen", new { reason = "" }, etag), "reason", "Say why the assessment is reopened");
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await Post(api, ProjectSetup.Methodologist, $"studies/{study}/reopen", new { reason = "Supplement" }, "\"stale\"")).StatusCode);

        var reopened = await Post(api, ProjectSetup.Methodologist, $"studies/{study}/reopen", new { reason = "The supplement reports random housing" }, etag);
        await RobApi.ExpectAsync(HttpStatusCode.OK, reopened, "reopen");
        var view = await reopened.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("consensus", view.GetProperty("state").GetString());
        Assert.Equal(["The supplement reports random housing"], view.GetProperty("reopenReasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(HttpStatusCode.Conflict, (await Post(api, ProjectSetup.Methodologist, $"studies/{study}/reopen", new { reason = "twice" })).StatusCode);
    }

    [Fact]
    public async Task A_study_is_labelled_by_the_first_authors_last_name_that_ingestion_sends()
    {
        var (api, upstream) = await ProjectSetup.CreateAsync(_service);
        // As ingestion sends "AU  - Shen, Zhaofeng" of ../shared/testdata/ris/asreview_pubmed_zotero.ris.
        var study = await upstream.IncludeAsync(new CitationData { Title = "Traditional Chinese medicine for ulcerative colitis", Authors = ["Shen Zhaofeng", "Zhou Qing"], FirstAuthorLastName = "Shen", Year = 2019 });
        await Eventually.HoldsAsync(() => api.TaskExistsAsync(ProjectSetup.Methodologist, study), "the task exists");
        Assert.Equal("Shen 2019", (await api.JsonAsync(ProjectSetup.Methodologist, $"{api.Base}/studies/{study}")).GetProperty("study").GetString());
    }

    /// <summary>A SYRCLE study both reviewers answered "yes" throughout (low risk in every domain) and submitted.</summary>
    private async Task<(RobApi Api, Guid Study)> BothAssessorsSayLowAsync(string author, int year)
    {
        var (api, upstream) = await ProjectSetup.CreateAsync(_service);
        var study = await ProjectSetup.IncludeAsync(api, upstream, author, year);
        await api.SaveAndSubmitAsync(ProjectSetup.ReviewerA, study, RobApi.SyrcleSheet("yes", "rafa"));
        await api.SaveAndSubmitAsync(ProjectSetup.ReviewerB, study, RobApi.SyrcleSheet("yes", "remy"));
        return (api, study);
    }

    private static string? Domain(JsonElement evaluation, string domainId) =>
        evaluation.GetProperty("domains").EnumerateArray().Single(d => d.GetProperty("domainId").GetString() == domainId).GetProperty("final").GetString();

    private static Task<HttpResponseMessage> Post(RobApi api, string user, string path, object body, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"{api.Base}/{path}") { Content = JsonContent.Create(body) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return api.As(user).SendAsync(request);
    }

    private static async Task ExpectFieldAsync(HttpResponseMessage response, string field, string message)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        // The module's two problem shapes: one field ("field" + "detail") or several ("errors").
        var problem = JsonDocument.Parse(text).RootElement;
        var said = problem.TryGetProperty("errors", out var errors)
            ? errors.GetProperty(field)[0].GetString()
            : problem.GetProperty("field").GetString() == field ? problem.GetProperty("detail").GetString() : $"no message for {field}: {text}";
        Assert.Contains(message, said);
    }
}

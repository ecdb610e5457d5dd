using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EvSysReview.TestSupport;

namespace EvSysReview.Platform.Tests.Reviews;

public sealed class ProjectsApiTests(StandaloneFixture standalone) : IClassFixture<StandaloneFixture>
{
    private static async Task<JsonElement> Json(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    [Fact]
    public async Task A_project_from_the_MSC_EV_template_has_the_whole_protocol_and_the_caller_as_lead()
    {
        var response = await standalone.As("alice").PostAsJsonAsync("/api/reviews/projects", new { title = "MSC-EVs", template = "msc-ev-neurodegeneration" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var project = await Json(response);
        var protocol = project.GetProperty("protocol");

        Assert.Equal("alice", project.GetProperty("members")[0].GetProperty("username").GetString());
        Assert.Equal("lead", project.GetProperty("members")[0].GetProperty("role").GetString());
        Assert.Equal(1, project.GetProperty("protocolVersion").GetInt32());
        Assert.Equal(7, protocol.GetProperty("exclusionReasons").GetArrayLength());
        Assert.Equal("in vitro only", protocol.GetProperty("exclusionReasons")[1].GetString());
        Assert.Contains("intranasal", protocol.GetProperty("highlightTerms").GetProperty("include").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(2, protocol.GetProperty("screening").GetProperty("reviewersPerRecord").GetInt32());
        Assert.True(protocol.GetProperty("screening").GetProperty("blinded").GetBoolean());
        Assert.Equal("syrcle", protocol.GetProperty("riskOfBiasTools").GetProperty("animal").GetString());
        Assert.Equal("rob2", protocol.GetProperty("riskOfBiasTools").GetProperty("randomised").GetString());
        Assert.StartsWith("(\"mesenchymal stem cells\"[MeSH]", protocol.GetProperty("savedSearch").GetString());
        Assert.Equal(21, protocol.GetProperty("extractionForm").GetProperty("studyFields").GetArrayLength());
        Assert.Equal("SMD", protocol.GetProperty("synthesisPlan").GetProperty("primaryMeasure").GetString());
    }

    [Fact]
    public async Task An_amendment_is_a_new_version_and_the_history_keeps_the_old_one()
    {
        var alice = standalone.As("alice");
        var project = await Json(await alice.PostAsJsonAsync("/api/reviews/projects", new { template = "msc-ev-neurodegeneration" }));
        var id = project.GetProperty("id").GetGuid();
        var protocol = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(project.GetProperty("protocol").GetRawText())!;
        protocol["exclusionReasons"] = JsonSerializer.SerializeToElement(new[] { "not MSC-derived EVs", "in vitro only", "wrong species" });

        var amended = await alice.PutAsJsonAsync($"/api/reviews/projects/{id}/protocol", new { protocol, amendmentNote = "Added wrong species" });
        Assert.Equal(HttpStatusCode.OK, amended.StatusCode);
        Assert.Equal(2, (await Json(amended)).GetProperty("protocolVersion").GetInt32());

        var history = await Json(await alice.GetAsync($"/api/reviews/projects/{id}/protocol/versions"));
        Assert.Equal(2, history.GetArrayLength());
        Assert.Equal(7, history[0].GetProperty("protocol").GetProperty("exclusionReasons").GetArrayLength());
        Assert.Equal("wrong species", history[1].GetProperty("protocol").GetProperty("exclusionReasons")[2].GetString());
        Assert.Equal("Added wrong species", history[1].GetProperty("amendmentNote").GetString());
    }

    [Fact]
    public async Task An_amendment_without_a_note_or_with_a_bad_field_is_a_problem_naming_the_field()
    {
        var alice = standalone.As("alice");
        var project = await Json(await alice.PostAsJsonAsync("/api/reviews/projects", new { template = "msc-ev-neurodegeneration" }));
        var id = project.GetProperty("id").GetGuid();
        var protocol = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(project.GetProperty("protocol").GetRawText())!;

        var noNote = await alice.PutAsJsonAsync($"/api/reviews/projects/{id}/protocol", new { protocol });
        Assert.Equal(HttpStatusCode.BadRequest, noNote.StatusCode);
        Assert.Equal("amendmentNote", (await Json(noNote)).GetProperty("field").GetString());

        protocol["screening"] = JsonSerializer.SerializeToElement(new { reviewersPerRecord = 3, blinded = true, fullTextStage = true });
        var badReviewers = await alice.PutAsJsonAsync($"/api/reviews/projects/{id}/protocol", new { protocol, amendmentNote = "three" });
        Assert.Equal(HttpStatusCode.BadRequest, badReviewers.StatusCode);
        Assert.True((await Json(badReviewers)).GetProperty("errors").TryGetProperty("protocol.screening.reviewersPerRecord", out _));

        var history = await Json(await alice.GetAsync($"/api/reviews/projects/{id}/protocol/versions"));
        Assert.Equal(1, history.GetArrayLength());
    }

    [Fact]
    public async Task Screening_settings_without_blinded_or_fullTextStage_are_a_problem_not_blinding_and_full_text_turned_off()
    {
        var alice = standalone.As("alice");
        var project = await Json(await alice.PostAsJsonAsync("/api/reviews/projects", new { template = "msc-ev-neurodegeneration" }));
        var id = project.GetProperty("id").GetGuid();
        var protocol = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(project.GetProperty("protocol").GetRawText())!;
        protocol["screening"] = JsonSerializer.SerializeToElement(new { reviewersPerRecord = 1 });

        var response = await alice.PutAsJsonAsync($"/api/reviews/projects/{id}/protocol", new { protocol, amendmentNote = "one reviewer" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await Json(response)).GetProperty("errors");
        Assert.Equal(["protocol.screening.blinded", "protocol.screening.fullTextStage"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        var current = (await Json(await alice.GetAsync($"/api/reviews/projects/{id}"))).GetProperty("protocol").GetProperty("screening");
        Assert.Equal(2, current.GetProperty("reviewersPerRecord").GetInt32());
        Assert.True(current.GetProperty("blinded").GetBoolean());
        Assert.True(current.GetProperty("fullTextStage").GetBoolean());
    }

    [Fact]
    public async Task Empty_eligibility_no_outcomes_or_an_unknown_study_design_are_a_problem_naming_each_field()
    {
        var alice = standalone.As("alice");
        var project = await Json(await alice.PostAsJsonAsync("/api/reviews/projects", new { template = "msc-ev-neurodegeneration" }));
        var id = project.GetProperty("id").GetGuid();
        var protocol = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(project.GetProperty("protocol").GetRawText())!;
        var question = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(protocol["question"].GetRawText())!;
        question["outcomes"] = JsonSerializer.SerializeToElement(new[] { " " });
        protocol["question"] = JsonSerializer.SerializeToElement(question);
        protocol["eligibility"] = JsonSerializer.SerializeToElement(new { include = Array.Empty<string>(), exclude = Array.Empty<string>() });
        protocol["riskOfBiasTools"] = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["animal"] = "syrcle", ["rct"] = "rob2" });

        var response = await alice.PutAsJsonAsync($"/api/reviews/projects/{id}/protocol", new { protocol, amendmentNote = "emptied" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await Json(response)).GetProperty("errors");
        Assert.Equal(["protocol.eligibility.include", "protocol.question.outcomes", "protocol.riskOfBiasTools.rct"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Contains("non-randomised", errors.GetProperty("protocol.riskOfBiasTools.rct")[0].GetString());
        Assert.Equal(1, (await Json(await alice.GetAsync($"/api/reviews/projects/{id}/protocol/versions"))).GetArrayLength());
    }

    [Fact]
    public async Task A_blank_project_is_amended_once_its_question_and_criteria_are_filled_in()
    {
        var alice = standalone.As("alice");
        var project = await Json(await alice.PostAsJsonAsync("/api/reviews/projects", new { title = "blank" }));
        var id = project.GetProperty("id").GetGuid();
        var protocol = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(project.GetProperty("protocol").GetRawText())!;

        var asCreated = await alice.PutAsJsonAsync($"/api/reviews/projects/{id}/protocol", new { protocol, amendmentNote = "nothing filled in" });
        Assert.Equal(HttpStatusCode.BadRequest, asCreated.StatusCode);
        Assert.Equal(
            ["protocol.eligibility.include", "protocol.question.intervention", "protocol.question.outcomes", "protocol.question.population"],
            (await Json(asCreated)).GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));

        protocol["question"] = JsonSerializer.SerializeToElement(new { population = "rodent stroke models", intervention = "MSC-EVs", comparator = "", outcomes = new[] { "infarct volume" } });
        protocol["eligibility"] = JsonSerializer.SerializeToElement(new { include = new[] { "in vivo" }, exclude = Array.Empty<string>() });
        var filled = await alice.PutAsJsonAsync($"/api/reviews/projects/{id}/protocol", new { protocol, amendmentNote = "question and criteria" });

        Assert.Equal(HttpStatusCode.OK, filled.StatusCode);
        var published = (await Json(filled)).GetProperty("protocol");
        Assert.Equal("infarct volume", published.GetProperty("question").GetProperty("outcomes")[0].GetString());
        Assert.Equal("in vivo", published.GetProperty("eligibility").GetProperty("include")[0].GetString());
    }

    [Fact]
    public async Task A_stale_If_Match_is_refused_with_412_and_changes_nothing()
    {
        var alice = standalone.As("alice");
        var created = await alice.PostAsJsonAsync("/api/reviews/projects", new { title = "etag" });
        var id = (await Json(created)).GetProperty("id").GetGuid();
        var etag = created.Headers.ETag!.Tag;
        (await alice.PostAsJsonAsync($"/api/reviews/projects/{id}/members", new { username = "bob", role = "reviewer" })).EnsureSuccessStatusCode();

        var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/reviews/projects/{id}/members") { Content = JsonContent.Create(new { username = "carol", role = "reviewer" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", etag);
        var response = await alice.SendAsync(stale);

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        var members = await Json(await alice.GetAsync($"/api/reviews/projects/{id}/members"));
        Assert.Equal(["alice", "bob"], members.EnumerateArray().Select(m => m.GetProperty("username").GetString()));
    }

    [Fact]
    public async Task The_same_Idempotency_Key_creates_one_project_and_replays_the_first_answer()
    {
        var alice = standalone.As("alice");
        var key = Guid.NewGuid().ToString();
        var title = $"idempotent {key}";
        HttpRequestMessage Create()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/reviews/projects") { Content = JsonContent.Create(new { title }) };
            request.Headers.Add("Idempotency-Key", key);
            return request;
        }

        var first = await alice.SendAsync(Create());
        var second = await alice.SendAsync(Create());

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal((await Json(first)).GetProperty("id").GetGuid(), (await Json(second)).GetProperty("id").GetGuid());
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        var mine = await Json(await alice.GetAsync("/api/reviews/projects"));
        Assert.Equal(1, mine.EnumerateArray().Count(p => p.GetProperty("title").GetString() == title));

        var reused = new HttpRequestMessage(HttpMethod.Post, "/api/reviews/projects") { Content = JsonContent.Create(new { title = "something else" }) };
        reused.Headers.Add("Idempotency-Key", key);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await alice.SendAsync(reused)).StatusCode);
    }

    [Fact]
    public async Task Members_are_added_changed_and_removed_but_the_last_lead_stays()
    {
        var alice = standalone.As("alice");
        var id = (await Json(await alice.PostAsJsonAsync("/api/reviews/projects", new { title = "team" }))).GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.Created, (await alice.PostAsJsonAsync($"/api/reviews/projects/{id}/members", new { username = "bob", role = "reviewer" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await alice.PostAsJsonAsync($"/api/reviews/projects/{id}/members", new { username = "bob", role = "observer" })).StatusCode);
        var badRole = await alice.PostAsJsonAsync($"/api/reviews/projects/{id}/members", new { username = "carol", role = "admin" });
        Assert.Equal(HttpStatusCode.BadRequest, badRole.StatusCode);
        Assert.Equal("role", (await Json(badRole)).GetProperty("field").GetString());

        Assert.Equal(HttpStatusCode.OK, (await alice.PutAsJsonAsync($"/api/reviews/projects/{id}/members/bob", new { role = "methodologist" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await alice.DeleteAsync($"/api/reviews/projects/{id}/members/alice")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.DeleteAsync($"/api/reviews/projects/{id}/members/bob")).StatusCode);

        var members = await Json(await alice.GetAsync($"/api/reviews/projects/{id}/members"));
        Assert.Equal(["alice"], members.EnumerateArray().Select(m => m.GetProperty("username").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await standalone.As("bob").GetAsync($"/api/reviews/projects/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_project_list_shows_only_the_callers_projects()
    {
        var title = $"private {Guid.NewGuid():N}";
        (await standalone.As("alice").PostAsJsonAsync("/api/reviews/projects", new { title })).EnsureSuccessStatusCode();
        var carols = await Json(await standalone.As("carol").GetAsync("/api/reviews/projects"));
        Assert.DoesNotContain(title, carols.EnumerateArray().Select(p => p.GetProperty("title").GetString()));
    }

    [Fact]
    public async Task Sign_in_with_a_demo_user_gives_a_token_the_api_accepts_and_a_wrong_password_a_401_problem()
    {
        var anonymous = standalone.Host.Client();
        // The standalone host in tests is configured with the test key; the users come from deploy/Standalone/appsettings.json.
        var ok = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = "dana", password = "methodologist-demo-pass" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var token = (await Json(ok)).GetProperty("accessToken").GetString();
        Assert.Equal(HttpStatusCode.OK, (await standalone.Host.Client(token).GetAsync("/api/reviews/projects")).StatusCode);

        var wrong = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = "dana", password = "guess" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("password", (await Json(wrong)).GetProperty("field").GetString());
        var missing = await anonymous.PostAsJsonAsync("/api/auth/token", new { username = "dana" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
    }

    [Fact]
    public async Task Malformed_JSON_is_a_400_problem_not_a_500()
    {
        var response = await standalone.As("alice").PostAsync("/api/reviews/projects", new StringContent("{\"title\": ", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }
}

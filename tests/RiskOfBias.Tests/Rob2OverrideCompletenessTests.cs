using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EvSysReview.TestSupport;

namespace EvSysReview.RiskOfBias.Tests;

/// <summary>
/// An override changes a RoB 2 domain's judgement; it does not stand in for the signalling
/// questions the guidance still asks. Submit and finalise refuse such a domain, override or not,
/// naming the domain and the question ids (docs/risk-of-bias.md, "Overrides").
/// </summary>
public sealed class Rob2OverrideCompletenessTests : IAsyncLifetime
{
    // Low in every domain (D1.R3, D2.P1.R1 + D2.P2.R1, D3.R1, D4.R3, D5.R2).
    private const string AllLow = "1.1=Y 1.2=Y 1.3=N 2.1=N 2.2=N 2.6=Y 3.1=Y 4.1=N 4.2=N 4.3=N 5.1=Y 5.2=N 5.3=N";

    private readonly RiskOfBiasHosts _hosts = new();
    private RunningHost _service = null!;

    public async Task InitializeAsync() => _service = await _hosts.StartInMemoryAsync();

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task An_overridden_domain_with_unanswered_questions_is_not_submitted_and_with_them_answered_it_is()
    {
        var (api, upstream) = await ProjectSetup.CreateAsync(_service);
        var trial = await ProjectSetup.IncludeAsync(api, upstream, "Ferreira", 2023, "randomised");
        // 1.2 = N alone meets D1.R1, but 1.1 and 1.3 still apply; the override says "high" anyway.
        var d1Unanswered = Rob2Sheet(AllLow.Replace("1.1=Y 1.2=Y 1.3=N", "1.2=N"), ("D1", "high", "Allocation by date of birth (Methods)"));

        // A lone assessor (draft) and, once a second one joined, the dual assessment: both refuse.
        await RobApi.ExpectAsync(HttpStatusCode.OK, await api.PutSheetAsync(ProjectSetup.ReviewerA, trial, d1Unanswered), "rafa saves");
        await ExpectIncompleteAsync(await Submit(api, ProjectSetup.ReviewerA, trial), "sheet", "Not complete: D1 (answer 1.1, 1.3).", ("D1", ["1.1", "1.3"]));
        await RobApi.ExpectAsync(HttpStatusCode.OK, await api.PutSheetAsync(ProjectSetup.ReviewerB, trial, d1Unanswered), "remy saves");
        await ExpectIncompleteAsync(await Submit(api, ProjectSetup.ReviewerB, trial), "sheet", "Not complete: D1 (answer 1.1, 1.3).", ("D1", ["1.1", "1.3"]));
        var own = await api.JsonAsync(ProjectSetup.ReviewerB, $"{api.Base}/studies/{trial}/assessments/me");
        Assert.False(own.GetProperty("evaluation").GetProperty("complete").GetBoolean());

        // The override still needs its justification.
        var noReason = await api.PutSheetAsync(ProjectSetup.ReviewerB, trial, Rob2Sheet(AllLow, ("D1", "high", " ")));
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(["Overriding a proposed judgement requires a reason."],
            (await noReason.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("overrides.D1").EnumerateArray().Select(e => e.GetString()));

        // Answered in full, the same override is accepted and is the domain's judgement.
        var answered = Rob2Sheet(AllLow.Replace("1.1=Y 1.2=Y 1.3=N", "1.1=Y 1.2=N 1.3=N"), ("D1", "some_concerns", "Baseline imbalance explained in the supplement"));
        await api.SaveAndSubmitAsync(ProjectSetup.ReviewerA, trial, answered);
        await api.SaveAndSubmitAsync(ProjectSetup.ReviewerB, trial, answered);
        var study = await api.JsonAsync(ProjectSetup.Methodologist, $"{api.Base}/studies/{trial}");
        Assert.Equal("bothSubmitted", study.GetProperty("state").GetString());
    }

    [Fact]
    public async Task The_evaluation_of_an_overridden_domain_with_unanswered_questions_holds_the_override_and_gives_no_final_judgement()
    {
        var (api, upstream) = await ProjectSetup.CreateAsync(_service);
        var trial = await ProjectSetup.IncludeAsync(api, upstream, "Okafor", 2022, "randomised");
        var held = Rob2Sheet(AllLow.Replace("1.1=Y 1.2=Y 1.3=N", "1.2=N"), ("D1", "high", "Allocation by date of birth (Methods)"));
        await RobApi.ExpectAsync(HttpStatusCode.OK, await api.PutSheetAsync(ProjectSetup.ReviewerA, trial, held), "rafa saves");

        var evaluation = (await api.JsonAsync(ProjectSetup.ReviewerA, $"{api.Base}/studies/{trial}/assessments/me")).GetProperty("evaluation");
        var d1 = evaluation.GetProperty("domains")[0];
        Assert.Equal("D1", d1.GetProperty("domainId").GetString());
        Assert.Equal(JsonValueKind.Null, d1.GetProperty("final").ValueKind);
        Assert.Equal("high", d1.GetProperty("override").GetString());
        Assert.True(d1.GetProperty("overrideHeld").GetBoolean());
        Assert.Equal(["1.1", "1.3"], d1.GetProperty("unanswered").EnumerateArray().Select(q => q.GetString()));
        Assert.Equal(JsonValueKind.Null, evaluation.GetProperty("overall").ValueKind);
        Assert.Equal("waiting for D1", evaluation.GetProperty("overallRule").GetString());
        Assert.False(evaluation.GetProperty("complete").GetBoolean());

        // Answered, the override is the domain's judgement and the overall rests on it.
        var answered = Rob2Sheet(AllLow.Replace("1.1=Y 1.2=Y 1.3=N", "1.1=Y 1.2=N 1.3=N"), ("D1", "high", "Allocation by date of birth (Methods)"));
        var saved = await api.PutSheetAsync(ProjectSetup.ReviewerA, trial, answered);
        await RobApi.ExpectAsync(HttpStatusCode.OK, saved, "rafa answers 1.1 and 1.3");
        evaluation = (await saved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("evaluation");
        Assert.Equal("high", evaluation.GetProperty("domains")[0].GetProperty("final").GetString());
        Assert.False(evaluation.GetProperty("domains")[0].GetProperty("overrideHeld").GetBoolean());
        Assert.Equal("high", evaluation.GetProperty("overall").GetString());
        Assert.True(evaluation.GetProperty("complete").GetBoolean());
    }

    [Fact]
    public async Task A_consensus_override_does_not_finalise_a_domain_whose_question_the_assessors_answered_differently()
    {
        var (api, upstream) = await ProjectSetup.CreateAsync(_service);
        var trial = await ProjectSetup.IncludeAsync(api, upstream, "Lindqvist", 2024, "randomised");
        // Both propose D1 low and override it to high; they differ on 1.1 (Y vs PY), so the consensus starts without 1.1.
        var high = ("D1", "high", "Envelopes were not opaque");
        await api.SaveAndSubmitAsync(ProjectSetup.ReviewerA, trial, Rob2Sheet(AllLow, high));
        await api.SaveAndSubmitAsync(ProjectSetup.ReviewerB, trial, Rob2Sheet(AllLow.Replace("1.1=Y", "1.1=PY"), high));
        var decided = await api.PutConsensusAsync(ProjectSetup.Methodologist, trial,
            new { judgements = new Dictionary<string, object> { ["D1"] = new { judgement = "high", reason = "Both assessors overrode D1" } } });
        await RobApi.ExpectAsync(HttpStatusCode.OK, decided, "consensus on D1");
        var consensus = (await decided.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("consensus").GetProperty("evaluation");
        Assert.Equal(["1.1"], consensus.GetProperty("domains")[0].GetProperty("unanswered").EnumerateArray().Select(q => q.GetString()));

        await ExpectIncompleteAsync(await Finalise(api, trial), "consensus", "Not complete: D1 (answer 1.1).", ("D1", ["1.1"]));

        await RobApi.ExpectAsync(HttpStatusCode.OK, await api.PutConsensusAsync(ProjectSetup.Methodologist, trial,
            new { answers = new Dictionary<string, object> { ["1.1"] = new { answer = "PY", quote = "random number table", reason = "Methods, p. 4" } } }), "consensus on 1.1");
        await RobApi.ExpectAsync(HttpStatusCode.OK, await Finalise(api, trial), "finalise");
        var final = (await api.JsonAsync(ProjectSetup.Methodologist, $"{api.Base}/studies/{trial}")).GetProperty("final");
        Assert.Equal("high", final.GetProperty("domains").GetProperty("D1").GetString());
        Assert.Equal("high", final.GetProperty("overall").GetString());
    }

    /// <summary>A RoB 2 sheet from "1.1=Y 1.2=N …" with the given domain overrides.</summary>
    private static object Rob2Sheet(string answers, params (string Domain, string Judgement, string Reason)[] overrides) => new
    {
        tool = "rob2",
        answers = answers.Split(' ').Select(a => a.Split('=')).ToDictionary(a => a[0], a => new { answer = a[1], quote = $"quote for {a[0]}" }),
        overrides = overrides.ToDictionary(o => o.Domain, o => new { judgement = o.Judgement, reason = o.Reason }),
    };

    private static Task<HttpResponseMessage> Submit(RobApi api, string user, Guid study) =>
        api.As(user).PostAsync($"{api.Base}/studies/{study}/submit", null);

    private static Task<HttpResponseMessage> Finalise(RobApi api, Guid study) =>
        api.As(ProjectSetup.Methodologist).PostAsync($"{api.Base}/studies/{study}/finalize", JsonContent.Create(new { }));

    private static async Task ExpectIncompleteAsync(HttpResponseMessage response, string field, string detail, params (string Domain, string[] Questions)[] unanswered)
    {
        await RobApi.ExpectAsync(HttpStatusCode.Conflict, response, $"{field} refused");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Equal(detail, problem.GetProperty("detail").GetString());
        Assert.Equal(
            unanswered.ToDictionary(u => u.Domain, u => string.Join(" ", u.Questions)),
            problem.GetProperty("unanswered").EnumerateObject().ToDictionary(p => p.Name, p => string.Join(" ", p.Value.EnumerateArray().Select(q => q.GetString()))));
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EvSysReview.RiskOfBias.Assessments;
using EvSysReview.RiskOfBias.Core.Assessments;
using EvSysReview.RiskOfBias.Core.Consensus;
using EvSysReview.RiskOfBias.Core.Export;
using EvSysReview.ServiceDefaults.Storage;
using EvSysReview.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace EvSysReview.RiskOfBias.Tests;

/// <summary>
/// An assessment finalised before ad4471b, whose D1 override stood in for unanswered questions,
/// keeps the judgements it was finalised with: in the API, the plots, the CSV and when it is
/// published again. One not finalised follows today's rule (docs/risk-of-bias.md, "Finalised judgements").
/// </summary>
public sealed class LegacyFinalisedAssessmentTests : IAsyncLifetime
{
    private readonly RiskOfBiasHosts _hosts = new();
    private RunningHost _service = null!;

    public async Task InitializeAsync() => _service = await _hosts.StartInMemoryAsync();

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task A_legacy_finalised_assessment_keeps_the_override_it_was_finalised_with_in_the_api_plots_csv_and_when_published_again()
    {
        var (api, upstream) = await ProjectSetup.CreateAsync(_service);
        var studyId = Guid.NewGuid();
        await SeedAsync(api, studyId, "Ferreira 2023", DualAssessmentState.Finalised);

        var final = (await api.JsonAsync(ProjectSetup.Observer, $"{api.Base}/studies/{studyId}")).GetProperty("final");
        Assert.Equal("high", final.GetProperty("domains").GetProperty("D1").GetString());
        Assert.Equal("low", final.GetProperty("domains").GetProperty("D2").GetString());
        Assert.Equal("high", final.GetProperty("overall").GetString());
        Assert.True(final.GetProperty("highRisk").GetBoolean());
        Assert.Equal(["1.1", "1.3"], final.GetProperty("overridesStoodIn").GetProperty("D1").EnumerateArray().Select(q => q.GetString()));

        var svg = await api.TextAsync(ProjectSetup.Observer, $"{api.Base}/plots/traffic-light.svg");
        Assert.Contains("data-domain=\"D1\" data-judgement=\"high\"", svg);
        Assert.Contains("data-domain=\"overall\" data-judgement=\"high\"", svg);
        var csv = await api.TextAsync(ProjectSetup.Observer, $"{api.Base}/export?format=csv");
        var rows = csv.Split("\r\n");
        // Each assessor's column reads under the rule the assessment was finalised with, as the consensus
        // does: the override that stood in is their judgement, and their support says it stood in.
        const string support = "1.2 N: quote for 1.2; override to high: Allocation by date of birth (Methods); finalised under the earlier rule: the override stood in for unanswered 1.1, 1.3";
        Assert.Equal(CsvField.Record([studyId.ToString(), "Ferreira 2023", "RoB 2", "D1", "Randomisation process",
            ProjectSetup.ReviewerA, "high", support, ProjectSetup.ReviewerB, "high", support,
            "high", DualAssessment.AgreedReason, support, "Finalised"]), rows[1] + "\r\n");
        Assert.Equal(CsvField.Record([studyId.ToString(), "Ferreira 2023", "RoB 2", "overall", "Overall",
            ProjectSetup.ReviewerA, "high", "", ProjectSetup.ReviewerB, "high", "",
            "high", "", "least favourable domain judgement: high (D1)", "Finalised"]), rows[6] + "\r\n");

        // Excluded, then included again: the assessment is published again with the same judgements.
        await upstream.ExcludeAsync(studyId, "duplicate publication");
        // The two arrive on different queues: include only once the exclusion has been applied (its RiskOfBiasReopened seen).
        Assert.Equal("RiskOfBiasReopened", (await RiskOfBiasHosts.ObservedAsync(_service, api.ProjectId, 1)).Single().Type);
        await upstream.IncludeAsync("Ferreira", 2023, "randomised", studyId);
        var assessed = JsonDocument.Parse((await RiskOfBiasHosts.ObservedAsync(_service, api.ProjectId, 2)).Single(o => o.Type == "RiskOfBiasAssessed").Json).RootElement;
        Assert.Equal(2, assessed.GetProperty("revision").GetInt32());
        var domains = assessed.GetProperty("domains").EnumerateObject().ToDictionary(d => d.Name, d => d.Value.ValueKind == JsonValueKind.String ? d.Value.GetString() : null);
        Assert.Equal(["D1:high", "D2:low", "D3:low", "D4:low", "D5:low"], domains.Select(d => $"{d.Key}:{d.Value}").Order());
        Assert.Equal("high", assessed.GetProperty("overall").GetString());
        Assert.True(assessed.GetProperty("highRisk").GetBoolean());
        // Published again, the judgements are stored with it from now on.
        var stored = StoreJson.Read<StudyAssessment>((await Store.GetAsync(StudyAssessment.Collection, StudyAssessment.Key(api.ProjectId, studyId)))!);
        Assert.Equal(("high", "high"), (stored.Dual!.FinalisedWith!.Domains["D1"], stored.Dual.FinalisedWith.Overall));
    }

    [Fact]
    public async Task A_legacy_finalised_consensus_evaluates_as_finalised_in_the_study_and_comparison_and_reopened_follows_todays_rule()
    {
        var (api, _) = await ProjectSetup.CreateAsync(_service);
        var studyId = Guid.NewGuid();
        await SeedAsync(api, studyId, "Mensah 2021", DualAssessmentState.Finalised);

        // The consensus evaluation agrees with `final`: D1 is the override that stood in, not held.
        foreach (var path in new[] { $"{api.Base}/studies/{studyId}", $"{api.Base}/studies/{studyId}/comparison" })
        {
            var evaluation = (await api.JsonAsync(ProjectSetup.Observer, path)).GetProperty("consensus").GetProperty("evaluation");
            var d1 = evaluation.GetProperty("domains")[0];
            Assert.Equal(("high", false), (d1.GetProperty("final").GetString(), d1.GetProperty("overrideHeld").GetBoolean()));
            Assert.True(d1.GetProperty("overrideStoodIn").GetBoolean());
            Assert.Equal(["1.1", "1.3"], d1.GetProperty("unanswered").EnumerateArray().Select(q => q.GetString()));
            Assert.False(evaluation.GetProperty("domains")[1].GetProperty("overrideStoodIn").GetBoolean());
            Assert.Equal(("high", "least favourable domain judgement: high (D1)", true),
                (evaluation.GetProperty("overall").GetString(), evaluation.GetProperty("overallRule").GetString(), evaluation.GetProperty("complete").GetBoolean()));
        }

        // Reopened, it drops the stored judgements and evaluates under today's rule: the override is held.
        var reopened = await api.As(ProjectSetup.Methodologist).PostAsJsonAsync($"{api.Base}/studies/{studyId}/reopen", new { reason = "Answer 1.1 and 1.3" });
        await RobApi.ExpectAsync(HttpStatusCode.OK, reopened, "reopen");
        var study = await api.JsonAsync(ProjectSetup.Observer, $"{api.Base}/studies/{studyId}");
        Assert.Equal(JsonValueKind.Null, study.GetProperty("final").ValueKind);
        var reopenedEvaluation = study.GetProperty("consensus").GetProperty("evaluation");
        var reopenedD1 = reopenedEvaluation.GetProperty("domains")[0];
        Assert.Equal((JsonValueKind.Null, true, false), (reopenedD1.GetProperty("final").ValueKind, reopenedD1.GetProperty("overrideHeld").GetBoolean(), reopenedD1.GetProperty("overrideStoodIn").GetBoolean()));
        Assert.Equal((JsonValueKind.Null, "waiting for D1", false),
            (reopenedEvaluation.GetProperty("overall").ValueKind, reopenedEvaluation.GetProperty("overallRule").GetString(), reopenedEvaluation.GetProperty("complete").GetBoolean()));
    }

    [Fact]
    public async Task A_legacy_finalised_assessments_sheets_and_differences_read_under_the_earlier_rule_and_reopened_under_todays()
    {
        var (api, _) = await ProjectSetup.CreateAsync(_service);
        var studyId = Guid.NewGuid();
        // The consensus took high.
        await SeedHighAndSomeConcernsAsync(api, studyId, "Adeyemi 2020", DualAssessmentState.Finalised);

        foreach (var path in new[] { $"{api.Base}/studies/{studyId}", $"{api.Base}/studies/{studyId}/comparison" })
            AssertEachOverrideStoodIn(await api.JsonAsync(ProjectSetup.Observer, path));

        // Reopened, today's rule holds both overrides: no D1 or overall judgement, so nothing differs there.
        var reopened = await api.As(ProjectSetup.Methodologist).PostAsJsonAsync($"{api.Base}/studies/{studyId}/reopen", new { reason = "Answer 1.1 and 1.3" });
        await RobApi.ExpectAsync(HttpStatusCode.OK, reopened, "reopen");
        var study = await api.JsonAsync(ProjectSetup.Observer, $"{api.Base}/studies/{studyId}");
        Assert.Equal(["rafa D1 held, overall none (waiting for D1)", "remy D1 held, overall none (waiting for D1)"], study.GetProperty("sheets").EnumerateArray().Select(DescribeD1));
        Assert.Empty(study.GetProperty("differences").EnumerateArray());
    }

    [Fact]
    public async Task Sheets_submitted_under_the_earlier_rule_with_a_consensus_finalised_today_keep_their_overrides_beside_final()
    {
        var (api, _) = await ProjectSetup.CreateAsync(_service);
        var studyId = Guid.NewGuid();
        // Both submitted before ad4471b; the consensus is recorded and finalised today, so it must answer 1.1 and 1.3.
        await SeedHighAndSomeConcernsAsync(api, studyId, "Lindqvist 2019", DualAssessmentState.BothSubmitted);
        await RobApi.ExpectAsync(HttpStatusCode.OK, await api.PutConsensusAsync(ProjectSetup.Methodologist, studyId, new
        {
            answers = new Dictionary<string, object>
            {
                ["1.1"] = new { answer = "Y", quote = "random number table", reason = "Methods, p. 2" },
                ["1.3"] = new { answer = "N", quote = "Table 1 balanced", reason = "Table 1" },
            },
        }), "consensus");
        await RobApi.ExpectAsync(HttpStatusCode.OK, await api.As(ProjectSetup.Methodologist).PostAsJsonAsync($"{api.Base}/studies/{studyId}/finalize", new { }), "finalize");

        // What is stored: the assessors' sheets as submitted then (1.1 and 1.3 open), the consensus complete
        // under today's rule and the judgements finalised with it, no override standing in for anything.
        var stored = StoreJson.Read<StudyAssessment>((await Store.GetAsync(StudyAssessment.Collection, StudyAssessment.Key(api.ProjectId, studyId)))!).Dual!;
        Assert.Equal(["1.1", "1.3"], AssessmentEvaluator.Evaluate(LegacyAssessmentSeed.Rob2, stored.First.Sheet).Domain("D1").Proposal.UnansweredQuestions);
        Assert.False(stored.IsFinalisedUnderEarlierRule());
        Assert.Equal(("high", "high", true, 0), (stored.FinalisedWith!.Domains["D1"], stored.FinalisedWith.Overall, stored.FinalisedWith.HighRisk, stored.FinalisedWith.OverridesStoodIn.Count));

        // Each assessor's judgement is the override that stood in when they submitted; `final` is the consensus'.
        var study = await api.JsonAsync(ProjectSetup.Observer, $"{api.Base}/studies/{studyId}");
        Assert.Equal(("high", 0), (study.GetProperty("final").GetProperty("domains").GetProperty("D1").GetString(), study.GetProperty("final").GetProperty("overridesStoodIn").EnumerateObject().Count()));
        AssertEachOverrideStoodIn(study);
        var consensusD1 = study.GetProperty("consensus").GetProperty("evaluation").GetProperty("domains")[0];
        Assert.Equal(("high", false), (consensusD1.GetProperty("final").GetString(), consensusD1.GetProperty("overrideStoodIn").GetBoolean()));

        // The CSV says the same: their overrides, said to have stood in when submitted; the consensus' columns as finalised.
        var rows = (await api.TextAsync(ProjectSetup.Observer, $"{api.Base}/export?format=csv")).Split("\r\n");
        string Support(string judgement) =>
            $"1.2 N: quote for 1.2; override to {judgement}: {LegacyAssessmentSeed.D1Reason}; submitted under the earlier rule: the override stood in for unanswered 1.1, 1.3";
        Assert.Equal(CsvField.Record([studyId.ToString(), "Lindqvist 2019", "RoB 2", "D1", "Randomisation process",
            ProjectSetup.ReviewerA, "high", Support("high"), ProjectSetup.ReviewerB, "some_concerns", Support("some_concerns"),
            "high", "1.1: Methods, p. 2; 1.3: Table 1", "1.1 Y: random number table; 1.2 N: quote for 1.2; 1.3 N: Table 1 balanced", "Finalised"]), rows[1] + "\r\n");
        Assert.Equal(CsvField.Record([studyId.ToString(), "Lindqvist 2019", "RoB 2", "overall", "Overall",
            ProjectSetup.ReviewerA, "high", "", ProjectSetup.ReviewerB, "some_concerns", "",
            "high", "", "least favourable domain judgement: high (D1)", "Finalised"]), rows[6] + "\r\n");
    }

    /// <summary>rafa's high and remy's some-concerns D1 overrides, each standing in for 1.1 and 1.3 (submitted before ad4471b).</summary>
    private Task SeedHighAndSomeConcernsAsync(RobApi api, Guid studyId, string label, DualAssessmentState state) =>
        LegacyAssessmentSeed.SeedAsync(Store, api.ProjectId, studyId, label, state,
            (ProjectSetup.ReviewerA, LegacyAssessmentSeed.Sheet()), (ProjectSetup.ReviewerB, LegacyAssessmentSeed.Sheet("some_concerns")));

    /// <summary>Each sheet of <see cref="SeedHighAndSomeConcernsAsync"/> read with its override standing in, and the differences between them.</summary>
    private static void AssertEachOverrideStoodIn(JsonElement study)
    {
        Assert.Equal(["rafa D1 high stood in for 1.1 1.3, overall high (least favourable domain judgement: high (D1)), complete",
                      "remy D1 some_concerns stood in for 1.1 1.3, overall some_concerns (least favourable domain judgement: some_concerns (D1)), complete"],
            study.GetProperty("sheets").EnumerateArray().Select(DescribeD1));
        Assert.Equal(["domainJudgement D1 high/some_concerns resolved", "overallJudgement overall high/some_concerns resolved"],
            study.GetProperty("differences").EnumerateArray().Select(DescribeDifference));
    }

    private static string DescribeD1(JsonElement sheet)
    {
        var evaluation = sheet.GetProperty("evaluation");
        var d1 = evaluation.GetProperty("domains")[0];
        var judgement = d1.GetProperty("overrideHeld").GetBoolean() ? "held" : d1.GetProperty("final").GetString();
        var stoodIn = d1.GetProperty("overrideStoodIn").GetBoolean() ? $" stood in for {string.Join(" ", d1.GetProperty("unanswered").EnumerateArray().Select(q => q.GetString()))}" : "";
        var complete = evaluation.GetProperty("complete").GetBoolean() ? ", complete" : "";
        return $"{sheet.GetProperty("assessor").GetString()} D1 {judgement}{stoodIn}, overall {evaluation.GetProperty("overall").GetString() ?? "none"} ({evaluation.GetProperty("overallRule").GetString()}){complete}";
    }

    private static string DescribeDifference(JsonElement d) =>
        $"{d.GetProperty("kind").GetString()} {d.GetProperty("itemId").GetString()} {d.GetProperty("first").GetString()}/{d.GetProperty("second").GetString()}{(d.GetProperty("resolved").GetBoolean() ? " resolved" : "")}";

    [Fact]
    public async Task The_same_consensus_not_finalised_holds_the_override_and_has_no_final_judgement()
    {
        var (api, _) = await ProjectSetup.CreateAsync(_service);
        var studyId = Guid.NewGuid();
        await SeedAsync(api, studyId, "Okafor 2022", DualAssessmentState.Consensus);

        var study = await api.JsonAsync(ProjectSetup.Observer, $"{api.Base}/studies/{studyId}");
        Assert.Equal(JsonValueKind.Null, study.GetProperty("final").ValueKind);
        var d1 = study.GetProperty("consensus").GetProperty("evaluation").GetProperty("domains")[0];
        Assert.Equal(JsonValueKind.Null, d1.GetProperty("final").ValueKind);
        Assert.Equal("high", d1.GetProperty("override").GetString());
        Assert.True(d1.GetProperty("overrideHeld").GetBoolean());
        Assert.Equal(JsonValueKind.Null, study.GetProperty("consensus").GetProperty("evaluation").GetProperty("overall").ValueKind);
    }

    /// <summary>Both assessors' sheets and the consensus are <see cref="LegacyAssessmentSeed.Sheet"/>: D1 overridden to high, 1.1 and 1.3 open.</summary>
    private Task SeedAsync(RobApi api, Guid studyId, string label, DualAssessmentState state) =>
        LegacyAssessmentSeed.SeedAsync(Store, api.ProjectId, studyId, label, state,
            (ProjectSetup.ReviewerA, LegacyAssessmentSeed.Sheet()), (ProjectSetup.ReviewerB, LegacyAssessmentSeed.Sheet()));

    private ModuleStore<RiskOfBiasModule> Store => _service.Services.GetRequiredService<ModuleStore<RiskOfBiasModule>>();
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using EvSysReview.RiskOfBias.Assessments;
using EvSysReview.RiskOfBias.Core.Tools;
using EvSysReview.ServiceDefaults.Storage;
using EvSysReview.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace EvSysReview.RiskOfBias.Tests;

/// <summary>Consensus, finalising, reopening, withdrawal, plots and export through HTTP, on the in-memory bus.</summary>
public sealed class ConsensusFlowTests : IAsyncLifetime
{
    private readonly RiskOfBiasHosts _hosts = new();
    private RunningHost _service = null!;

    public async Task InitializeAsync() => _service = await _hosts.StartInMemoryAsync();

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task Consensus_with_reasons_then_finalize_publishes_the_judgements_reopen_and_refinalize_raise_the_revision_and_exclusion_withdraws()
    {
        var (api, upstream) = await ProjectSetup.CreateAsync(_service);
        var smith = await ProjectSetup.IncludeAsync(api, upstream, "Smith", 2020);
        var unassessed = await ProjectSetup.IncludeAsync(api, upstream, "Brown", 2017);

        await api.SaveAndSubmitAsync(ProjectSetup.ReviewerA, smith, RobApi.SyrcleSheet("yes", "rafa"));
        await api.SaveAndSubmitAsync(ProjectSetup.ReviewerB, smith, new
        {
            tool = "syrcle",
            answers = Enumerable.Range(1, 10).ToDictionary(i => i.ToString(), i => new { answer = i <= 3 ? "no" : "yes", quote = $"remy-{i}" }),
        });

        var comparison = await api.JsonAsync(ProjectSetup.Methodologist, $"{api.Base}/studies/{smith}/comparison");
        Assert.Equal(6, comparison.GetProperty("differences").GetArrayLength());
        Assert.Equal(6, comparison.GetProperty("unresolved").GetInt32());
        var firstDifference = comparison.GetProperty("differences")[0];
        Assert.Equal(("answer", "1", "yes", "no"), (firstDifference.GetProperty("kind").GetString(), firstDifference.GetProperty("itemId").GetString(), firstDifference.GetProperty("first").GetString(), firstDifference.GetProperty("second").GetString()));

        // A decision without a reason is refused and names the field.
        var noReason = await api.PutConsensusAsync(ProjectSetup.Methodologist, smith, new { answers = new Dictionary<string, object> { ["1"] = new { answer = "no" } } });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.True((await noReason.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("answers.1", out _));
        // Finalising before the differences are decided is refused: the consensus is incomplete.
        Assert.Equal(HttpStatusCode.Conflict, (await api.As(ProjectSetup.Methodologist).PostAsync($"{api.Base}/studies/{smith}/finalize", null)).StatusCode);

        var decided = await api.PutConsensusAsync(ProjectSetup.Methodologist, smith, new
        {
            answers = new Dictionary<string, object>
            {
                ["1"] = new { answer = "no", quote = "allocated by cage", reason = "Cage allocation is not random sequence generation" },
                ["2"] = new { answer = "yes", reason = "Baseline weights in Table 1 are similar" },
                ["3"] = new { answer = "unclear", reason = "Concealment not reported" },
            },
        });
        await RobApi.ExpectAsync(HttpStatusCode.OK, decided, "consensus");
        var afterDecisions = await decided.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("consensus", afterDecisions.GetProperty("state").GetString());
        Assert.Equal(0, afterDecisions.GetProperty("unresolved").GetInt32());
        Assert.Equal("Both assessors agreed.", afterDecisions.GetProperty("consensus").GetProperty("reasons").GetProperty("question:4").GetString());

        var finalised = await api.As(ProjectSetup.Methodologist).PostAsync($"{api.Base}/studies/{smith}/finalize", null);
        await RobApi.ExpectAsync(HttpStatusCode.OK, finalised, "finalize");
        var final = (await finalised.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("final");
        Assert.Equal(1, final.GetProperty("revision").GetInt32());
        Assert.Equal("high", final.GetProperty("domains").GetProperty("D1").GetString());
        Assert.True(final.GetProperty("highRisk").GetBoolean());

        var observed = await ObservedAsync(api, 1);
        var assessed = JsonDocument.Parse(observed[0].Json).RootElement;
        Assert.Equal(("RiskOfBiasAssessed", smith, 1, "syrcle"), (observed[0].Type, observed[0].StudyId, observed[0].Revision, assessed.GetProperty("tool").GetString()));
        Assert.Equal("high", assessed.GetProperty("domains").GetProperty("D1").GetString());
        Assert.Equal("unclear", assessed.GetProperty("domains").GetProperty("D3").GetString());
        Assert.Equal("low", assessed.GetProperty("domains").GetProperty("D10").GetString());
        Assert.Equal(JsonValueKind.Null, assessed.GetProperty("overall").ValueKind);
        Assert.True(assessed.GetProperty("highRisk").GetBoolean());

        // The plots show the consensus, served as SVG.
        var trafficLight = await api.As(ProjectSetup.Observer).GetAsync($"{api.Base}/plots/traffic-light.svg");
        Assert.Equal("image/svg+xml", trafficLight.Content.Headers.ContentType!.MediaType);
        var svg = await trafficLight.Content.ReadAsStringAsync();
        Assert.Contains("data-study=\"Smith 2020\"", svg);
        Assert.DoesNotContain("Brown 2017", svg);
        Assert.Matches("data-domain=\"D1\" data-judgement=\"high\"", svg);
        Assert.Matches("data-domain=\"D3\" data-judgement=\"unclear\"", svg);
        Assert.Equal(8, Regex.Matches(svg, "class=\"cell\" data-domain=\"D[0-9]+\" data-judgement=\"low\"").Count); // item 2 decided yes, items 4-10 agreed yes
        Assert.DoesNotContain("Overall", svg); // SYRCLE has no overall judgement
        var summary = await api.TextAsync(ProjectSetup.Observer, $"{api.Base}/plots/summary.svg?tool=syrcle");
        Assert.Contains("no sample sizes extracted yet", summary);
        Assert.Contains("data-domain=\"D1\"", summary);
        Assert.Contains("data-judgement=\"high\" data-percent=\"100.0\"", summary);

        var csv = await api.TextAsync(ProjectSetup.Observer, $"{api.Base}/export?format=csv");
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("study_id,study,tool,domain_id", lines[0]);
        Assert.Equal(11, lines.Length); // header + 10 SYRCLE items
        Assert.Contains("Cage allocation is not random sequence generation", csv);
        Assert.Contains("Finalised", csv);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.As(ProjectSetup.Observer).GetAsync($"{api.Base}/export?format=xlsx")).StatusCode);

        // Reopen like extraction: a reason, a RiskOfBiasReopened, back to consensus; refinalising is revision 2.
        Assert.Equal(HttpStatusCode.BadRequest, (await api.As(ProjectSetup.Methodologist).PostAsJsonAsync($"{api.Base}/studies/{smith}/reopen", new { reason = " " })).StatusCode);
        var reopened = await api.As(ProjectSetup.Methodologist).PostAsJsonAsync($"{api.Base}/studies/{smith}/reopen", new { reason = "Supplement reports blinded assessment" });
        await RobApi.ExpectAsync(HttpStatusCode.OK, reopened, "reopen");
        Assert.Equal("consensus", (await reopened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
        observed = await ObservedAsync(api, 2);
        Assert.Equal(("RiskOfBiasReopened", 1), (observed[1].Type, observed[1].Revision));
        Assert.False(JsonDocument.Parse(observed[1].Json).RootElement.GetProperty("withdrawn").GetBoolean());
        Assert.DoesNotContain("Smith 2020", await api.TextAsync(ProjectSetup.Observer, $"{api.Base}/plots/traffic-light.svg?tool=syrcle"));

        await RobApi.ExpectAsync(HttpStatusCode.OK, await api.PutConsensusAsync(ProjectSetup.Lead, smith, new { judgements = new Dictionary<string, object> { ["D1"] = new { judgement = "unclear", reason = "Supplement: sequence generation described vaguely" } } }), "lead corrects D1");
        await RobApi.ExpectAsync(HttpStatusCode.OK, await api.As(ProjectSetup.Lead).PostAsync($"{api.Base}/studies/{smith}/finalize", null), "refinalize");
        observed = await ObservedAsync(api, 3);
        Assert.Equal(("RiskOfBiasAssessed", 2), (observed[2].Type, observed[2].Revision));
        Assert.Equal("unclear", JsonDocument.Parse(observed[2].Json).RootElement.GetProperty("domains").GetProperty("D1").GetString());
        var study = await api.JsonAsync(ProjectSetup.ReviewerA, $"{api.Base}/studies/{smith}");
        Assert.Equal(["Supplement reports blinded assessment"], study.GetProperty("reopenReasons").EnumerateArray().Select(r => r.GetString()!));

        // Excluded after the fact: the assessed study is withdrawn with an event, the unassessed one silently.
        await upstream.ExcludeAsync(smith, "retracted");
        await upstream.ExcludeAsync(unassessed, "wrong population");
        observed = await ObservedAsync(api, 4);
        var withdrawn = JsonDocument.Parse(observed[3].Json).RootElement;
        Assert.Equal(("RiskOfBiasReopened", smith, 2), (observed[3].Type, observed[3].StudyId, observed[3].Revision));
        Assert.True(withdrawn.GetProperty("withdrawn").GetBoolean());
        await Eventually.HoldsAsync(async () => (await api.JsonAsync(ProjectSetup.Methodologist, $"{api.Base}/tasks")).GetArrayLength() == 0, "both tasks left the list");
        Assert.Equal("withdrawn", (await api.JsonAsync(ProjectSetup.Methodologist, $"{api.Base}/studies/{smith}")).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await api.As(ProjectSetup.Methodologist).PostAsJsonAsync($"{api.Base}/studies/{smith}/reopen", new { reason = "again" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await api.PutSheetAsync(ProjectSetup.ReviewerA, unassessed, RobApi.SyrcleSheet("yes", "late"))).StatusCode);
        Assert.DoesNotContain("Smith 2020", await api.TextAsync(ProjectSetup.Observer, $"{api.Base}/plots/traffic-light.svg?tool=syrcle"));
        await Task.Delay(500);
        Assert.Equal(4, (await RiskOfBiasHosts.ObservedAsync(_service, api.ProjectId)).Count);
    }

    [Fact]
    public async Task Robins_I_stated_judgements_reach_an_overall_judgement_and_the_plots_name_the_tool_when_a_project_uses_two()
    {
        var (api, upstream) = await ProjectSetup.CreateAsync(_service);
        var cohort = await ProjectSetup.IncludeAsync(api, upstream, "Nakamura", 2023, "non-randomised");
        var animal = await ProjectSetup.IncludeAsync(api, upstream, "Smith", 2020);

        await api.SaveAndSubmitAsync(ProjectSetup.Methodologist, cohort, RobApi.RobinsSheet("moderate", "mona"));
        await api.SaveAndSubmitAsync(ProjectSetup.Lead, cohort, new
        {
            tool = "robins-i",
            statedJudgements = Enumerable.Range(1, 7).ToDictionary(i => $"D{i}", i => new { judgement = i == 1 ? "serious" : "moderate", support = $"lena-{i}" }),
        });
        var comparison = await api.JsonAsync(ProjectSetup.Methodologist, $"{api.Base}/studies/{cohort}/comparison");
        Assert.Equal(["domainJudgement", "overallJudgement"], comparison.GetProperty("differences").EnumerateArray().Select(d => d.GetProperty("kind").GetString()!));
        await RobApi.ExpectAsync(HttpStatusCode.OK, await api.PutConsensusAsync(ProjectSetup.Methodologist, cohort, new
        {
            judgements = new Dictionary<string, object> { ["D1"] = new { judgement = "serious", reason = "Age not adjusted for" } },
        }), "consensus");
        await RobApi.ExpectAsync(HttpStatusCode.OK, await api.As(ProjectSetup.Methodologist).PostAsync($"{api.Base}/studies/{cohort}/finalize", null), "finalize");
        var assessed = JsonDocument.Parse((await ObservedAsync(api, 1))[0].Json).RootElement;
        Assert.Equal("serious", assessed.GetProperty("overall").GetString());
        Assert.True(assessed.GetProperty("highRisk").GetBoolean());

        // Two tools in the project: the plot needs ?tool=, and names them when it is missing.
        var ambiguous = await api.As(ProjectSetup.Observer).GetAsync($"{api.Base}/plots/traffic-light.svg");
        Assert.Equal(HttpStatusCode.BadRequest, ambiguous.StatusCode);
        Assert.Contains("robins-i, syrcle", await ambiguous.Content.ReadAsStringAsync());
        var svg = await api.TextAsync(ProjectSetup.Observer, $"{api.Base}/plots/traffic-light.svg?tool=robins-i");
        Assert.Contains("data-study=\"Nakamura 2023\"", svg);
        Assert.Contains("data-domain=\"overall\" data-judgement=\"serious\"", svg);
        Assert.Contains(">Overall<", svg);
        var summary = await api.TextAsync(ProjectSetup.Observer, $"{api.Base}/plots/summary.svg?tool=robins-i&weighted=false");
        Assert.Contains("unweighted", summary);
        Assert.Contains("data-domain=\"overall\"", summary);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.As(ProjectSetup.Observer).GetAsync($"{api.Base}/plots/summary.svg?tool=nope")).StatusCode);
        var robinsCsv = await api.TextAsync(ProjectSetup.Observer, $"{api.Base}/export?format=csv&tool=robins-i");
        Assert.Contains("Nakamura 2023", robinsCsv);
        Assert.DoesNotContain("Smith 2020", robinsCsv);
        _ = animal;
    }

    [Fact]
    public async Task Plots_stay_readable_for_5_and_for_200_studies_and_the_summary_weighs_by_extracted_sample_size()
    {
        var (api, _) = await ProjectSetup.CreateAsync(_service);
        var store = _service.Services.GetRequiredService<ModuleStore<RiskOfBiasModule>>();
        var tool = ToolCatalogue.BuiltIn.Get("syrcle");
        var answers = new[] { "yes", "no", "unclear" };

        async Task SeedAsync(int count, int offset)
        {
            var work = new UnitOfWork();
            for (var i = offset; i < offset + count; i++)
            {
                var studyId = Guid.NewGuid();
                var sheet = Core.Assessments.AnswerSheet.Empty(tool);
                for (var item = 1; item <= 10; item++) sheet = sheet.WithAnswer(tool, item.ToString(), answers[(i + item) % 3], $"quote {item}");
                var task = new StudyAssessment { ProjectId = api.ProjectId, StudyId = studyId, StudyLabel = $"Author{i:D3} {2000 + i % 25}", StudyDesign = "animal", ToolId = "syrcle" }
                    .SaveSheet("rafa", sheet).SaveSheet("remy", sheet).Submit("rafa").Submit("remy")
                    .RecordConsensus((dual, t) => dual.RecordConsensusAnswer(t, "1", answers[(i + 1) % 3], "agreed at meeting"));
                task = task.Finalise(Guid.NewGuid()).Next;
                work.Put(StudyAssessment.Collection, StudyAssessment.Key(api.ProjectId, studyId), api.ProjectId.ToString("N"), task, 0);
                if (i % 2 == 0) work.Put(Weights.StudyWeight.Collection, Weights.StudyWeight.Key(api.ProjectId, studyId), api.ProjectId.ToString("N"), new Weights.StudyWeight(studyId, 1, 10 + i), 0);
            }

            await store.CommitAsync(work);
        }

        await SeedAsync(5, 0);
        var small = await api.TextAsync(ProjectSetup.Observer, $"{api.Base}/plots/traffic-light.svg");
        Assert.Equal(5, Regex.Matches(small, "class=\"study-row\"").Count);
        Assert.Equal(34, RowPitch(small), 1);

        await SeedAsync(195, 5);
        var large = await api.TextAsync(ProjectSetup.Observer, $"{api.Base}/plots/traffic-light.svg");
        Assert.Equal(200, Regex.Matches(large, "class=\"study-row\"").Count);
        Assert.Equal(2000, Regex.Matches(large, "class=\"cell\"").Count);
        Assert.InRange(RowPitch(large), 18, 34);
        var font = double.Parse(Regex.Match(large, "font-size=\"([0-9.]+)\"").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(RowPitch(large) > 1.2 * font, $"rows {RowPitch(large)} px apart with {font} px type");
        Assert.Contains("200 studies", large);

        var weighted = await api.TextAsync(ProjectSetup.Observer, $"{api.Base}/plots/summary.svg");
        Assert.Contains("weighted by sample size (100 of 200 studies extracted", weighted);
        var unweighted = await api.TextAsync(ProjectSetup.Observer, $"{api.Base}/plots/summary.svg?weighted=false");
        Assert.NotEqual(Percents(weighted), Percents(unweighted));
        Assert.Equal(3, Regex.Matches(unweighted, "<g class=\"segment\" data-judgement=\"[a-z]+\" data-percent=\"[0-9.]+\"").Count / 10);
    }

    private static double RowPitch(string svg)
    {
        var ys = Regex.Matches(svg, "class=\"study-label\"").Count >= 2
            ? Regex.Matches(svg, "<text x=\"[0-9.]+\" y=\"([0-9.]+)\" dy=\"0.35em\" text-anchor=\"end\" class=\"study-label\"").Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList()
            : [];
        return ys[1] - ys[0];
    }

    private static List<string> Percents(string svg) => Regex.Matches(svg, "data-percent=\"([0-9.]+)\"").Select(m => m.Groups[1].Value).ToList();

    private Task<IReadOnlyList<Observed>> ObservedAsync(RobApi api, int count) => RiskOfBiasHosts.ObservedAsync(_service, api.ProjectId, count);
}

using System.Net.Http.Json;
using System.Text.Json;
using EvSysReview.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EvSysReview.Browser.Tests;

/// <summary>The RoB 2 form shows the algorithm's proposal for a domain as its signalling questions are answered.</summary>
[Collection(BrowserCollection.Name)]
public sealed class Rob2ProposalTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Answering_domain_1_of_a_randomised_trial_shows_the_rob2_algorithms_judgement_live()
    {
        var projectId = await OneRecordProject.CreateAsync(fixture, ("bob", "reviewer"), ("carol", "reviewer"));
        var api = new ReviewApi(fixture, projectId);
        await api.DecideAllAsync("bob", "title-abstract", new { decision = "include" });
        await api.DecideAllAsync("carol", "title-abstract", new { decision = "include" });
        await Eventually.HoldsAsync(async () =>
        {
            var next = await fixture.ApiAs("bob").GetAsync($"/api/screening/projects/{projectId}/next?stage=full-text");
            return next.StatusCode == System.Net.HttpStatusCode.OK;
        }, "the record reaches full text");
        await api.DecideAllAsync("bob", "full-text", new { decision = "include", studyDesign = "randomised" });
        await api.DecideAllAsync("carol", "full-text", new { decision = "include", studyDesign = "randomised" });
        var studyId = "";
        await Eventually.HoldsAsync(async () =>
        {
            var tasks = await fixture.ApiAs("alice").GetFromJsonAsync<JsonElement>($"/api/risk-of-bias/projects/{projectId}/tasks");
            var rob2 = tasks.EnumerateArray().Where(t => t.GetProperty("tool").GetString() == "rob2").ToList();
            if (rob2.Count != 1) return false;
            studyId = rob2[0].GetProperty("studyId").GetString()!;
            return true;
        }, "the randomised study has a RoB 2 task");

        await using var bob = await fixture.OpenAsync();
        await bob.SignInAsync("bob");
        await bob.Page.GotoAsync($"/#/p/{projectId}/risk-of-bias?study={studyId}");
        var page = bob.Page;
        await Expect(page.Locator("fieldset.question[data-question='1.2'] legend")).ToHaveTextAsync(
            "1.2. Was the allocation sequence concealed until participants were enrolled and assigned to interventions?");
        var d1 = page.Locator(".proposal tr[data-domain=D1] td");

        // The RoB 2 guidance's domain 1 algorithm (Higgins et al., RoB 2 full guidance document,
        // 22 August 2019, riskofbias.info; encoded in services/RiskOfBias/Core/Tools/Definitions/rob2.json,
        // rows D1.R1–R6), one row per step:
        async Task AnswerAsync(string question, string label) =>
            await page.Locator($"fieldset.question[data-question='{question}']").GetByLabel(label, new() { Exact = true }).CheckAsync();

        await AnswerAsync("1.1", "Probably yes");
        await Expect(d1.Nth(1)).ToHaveTextAsync("1.2, 1.3"); // still to answer: no row applies yet
        await Expect(d1.First).ToHaveTextAsync("not yet");
        // 1.2 NI, 1.3 PN → D1.R5: some concerns.
        await AnswerAsync("1.2", "No information");
        await AnswerAsync("1.3", "Probably no");
        await Expect(d1.First).ToHaveTextAsync("some_concerns");
        await Expect(d1.Nth(1)).ToHaveTextAsync("—");
        // 1.2 Y, 1.1 PY, 1.3 PN → D1.R3: low.
        await AnswerAsync("1.2", "Yes");
        await Expect(d1.First).ToHaveTextAsync("low");
        await bob.ScreenshotAsync("34-rob2-proposal");
        // 1.2 Y, 1.1 PY, 1.3 Y (baseline differences suggest a problem) → D1.R4: some concerns.
        await AnswerAsync("1.3", "Yes");
        await Expect(d1.First).ToHaveTextAsync("some_concerns");
        // 1.2 PN → D1.R1: high, whatever the other answers.
        await AnswerAsync("1.2", "Probably no");
        await Expect(d1.First).ToHaveTextAsync("high");
        await PageChecks.AssertUsableAsync(page, "RoB 2 form");
    }
}

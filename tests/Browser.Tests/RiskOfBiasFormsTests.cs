using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EvSysReview.Browser.Tests;

/// <summary>Whole RoB 2 and ROBINS-I assessments filled in the form, to a submitted assessment.</summary>
[Collection(BrowserCollection.Name)]
public sealed class RiskOfBiasFormsTests(BrowserFixture fixture)
{
    /// <summary>
    /// Every domain of RoB 2 answered in the form, following the signalling questions' "answer if"
    /// conditions; the proposal per domain and overall is the one the RoB 2 guidance's algorithms
    /// give (Higgins et al., RoB 2 full guidance document, 22 August 2019, riskofbias.info; rows as
    /// encoded in services/RiskOfBias/Core/Tools/Definitions/rob2.json and tested in
    /// tests/RiskOfBias.Core.Tests), and overall the least favourable domain (Cochrane Handbook
    /// v6.3 Table 8.2.b).
    /// </summary>
    [Fact]
    public async Task A_whole_rob2_assessment_follows_the_answer_if_conditions_and_the_decision_table_to_the_overall_judgement()
    {
        var (projectId, studyId) = await OneRecordProject.IncludedStudyAsync(fixture, "randomised", "rob2");
        await using var bob = await fixture.OpenAsync();
        await bob.SignInAsync("bob");
        var page = bob.Page;
        await page.GotoAsync($"/#/p/{projectId}/risk-of-bias?study={studyId}");
        await Expect(page.Locator("p.lede")).ToHaveTextAsync("O'Byrne 2018 · randomised · RoB 2 · open · blinded until both assessors submit");
        await Expect(page.Locator("fieldset.question")).ToHaveCountAsync(22);
        // The guidance's conditions ("2.1 or 2.2 Y/PY/NI") in the answers' words.
        await Expect(page.Locator("fieldset.question[data-question='2.3'] .hint")).ToHaveTextAsync("Answer if 2.1 or 2.2 is Yes, Probably yes or No information.");
        await Expect(page.Locator("fieldset.question[data-question='4.3'] .hint")).ToHaveTextAsync("Answer if 4.1 and 4.2 are No, Probably no or No information.");
        ILocator Proposal(string domain) => page.Locator($".proposal tr[data-domain={domain}] td").First;
        ILocator ToAnswer(string domain) => page.Locator($".proposal tr[data-domain={domain}] td").Nth(1);
        var overall = page.Locator(".proposal p.overall");

        // D1: 1.1 Y, 1.2 Y, 1.3 N → D1.R3 low.
        await page.AnswerAsync("1.1", "Yes");
        await page.AnswerAsync("1.2", "Yes");
        await page.AnswerAsync("1.3", "No");
        await Expect(Proposal("D1")).ToHaveTextAsync("Low risk");
        await Expect(ToAnswer("D1")).ToHaveTextAsync("—");

        // D2 part 1: 2.1 Y, 2.2 Y → 2.3 applies ("2.1 or 2.2 Y/PY/NI"); 2.3 PN → P1.R2 low, and 2.4, 2.5 no longer apply.
        await page.AnswerAsync("2.1", "Yes");
        await page.AnswerAsync("2.2", "Yes");
        await Expect(ToAnswer("D2")).ToContainTextAsync("2.3");
        await page.AnswerAsync("2.3", "Probably no");
        await Expect(ToAnswer("D2")).ToHaveTextAsync("2.6");
        // D2 part 2: 2.6 N → 2.7 applies; 2.7 PN → P2.R2 some concerns; the domain takes the less favourable part.
        await page.AnswerAsync("2.6", "No");
        await Expect(ToAnswer("D2")).ToHaveTextAsync("2.7");
        await page.AnswerAsync("2.7", "Probably no");
        await Expect(Proposal("D2")).ToHaveTextAsync("Some concerns");
        await Expect(ToAnswer("D2")).ToHaveTextAsync("—");

        // D3: 3.1 N → 3.2; N → 3.3; Y → 3.4; PN → D3.R4 some concerns.
        await page.AnswerAsync("3.1", "No");
        await Expect(ToAnswer("D3")).ToHaveTextAsync("3.2");
        await page.AnswerAsync("3.2", "No");
        await Expect(ToAnswer("D3")).ToHaveTextAsync("3.3");
        await page.AnswerAsync("3.3", "Yes");
        await Expect(ToAnswer("D3")).ToHaveTextAsync("3.4");
        await page.AnswerAsync("3.4", "Probably no");
        await Expect(Proposal("D3")).ToHaveTextAsync("Some concerns");

        // D4: 4.1 N, 4.2 N → 4.3 applies ("4.1 and 4.2 N/PN/NI"); Y → 4.4; N → D4.R4 low (4.5 not needed).
        await page.AnswerAsync("4.1", "No");
        await page.AnswerAsync("4.2", "No");
        await Expect(ToAnswer("D4")).ToHaveTextAsync("4.3");
        await page.AnswerAsync("4.3", "Yes");
        await Expect(ToAnswer("D4")).ToHaveTextAsync("4.4");
        await page.AnswerAsync("4.4", "No");
        await Expect(Proposal("D4")).ToHaveTextAsync("Low risk");
        await Expect(ToAnswer("D4")).ToHaveTextAsync("—");

        // D5: 5.1 Y, 5.2 N, 5.3 N → D5.R2 low. Overall: the least favourable domain, some concerns (D2, D3).
        await page.AnswerAsync("5.1", "Yes");
        await page.AnswerAsync("5.2", "No");
        await page.AnswerAsync("5.3", "No");
        await Expect(Proposal("D5")).ToHaveTextAsync("Low risk");
        await Expect(overall.Locator(".judgement")).ToHaveTextAsync("Some concerns");
        await PageChecks.AssertUsableAndScreenshotAsync(bob, "37-rob2-whole-form");

        // 5.2 PY (the result was selected from several outcome measurements) → D5.R1 high, and overall high.
        await page.AnswerAsync("5.2", "Probably yes");
        await Expect(Proposal("D5")).ToHaveTextAsync("High risk");
        await Expect(overall.Locator(".judgement")).ToHaveTextAsync("High risk");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit assessment" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Submitted." })).ToBeVisibleAsync();

        var own = (await fixture.ApiAs("bob").GetFromJsonAsync<JsonElement>($"/api/risk-of-bias/projects/{projectId}/studies/{studyId}")).GetProperty("own");
        Assert.True(own.GetProperty("submitted").GetBoolean());
        Assert.Equal(19, own.GetProperty("sheet").GetProperty("answers").EnumerateObject().Count());
        var domains = own.GetProperty("evaluation").GetProperty("domains").EnumerateArray().ToDictionary(d => d.GetProperty("domainId").GetString()!, d => d.GetProperty("final").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["D1"] = "low", ["D2"] = "some_concerns", ["D3"] = "some_concerns", ["D4"] = "low", ["D5"] = "high" }, domains);
        Assert.Equal("high", own.GetProperty("evaluation").GetProperty("overall").GetString());
        Assert.DoesNotContain(bob.ConsoleErrors, e => !e.Contains("Failed to load resource"));
    }

    /// <summary>ROBINS-I domains have no questions here: the assessor states each judgement; overall is the least favourable (Sterne et al., BMJ 2016;355:i4919).</summary>
    [Fact]
    public async Task A_whole_robins_i_assessment_states_every_domain_and_is_submitted()
    {
        var (projectId, studyId) = await OneRecordProject.IncludedStudyAsync(fixture, "non-randomised", "robins-i");
        await using var bob = await fixture.OpenAsync();
        await bob.SignInAsync("bob");
        var page = bob.Page;
        await page.GotoAsync($"/#/p/{projectId}/risk-of-bias?study={studyId}");
        var stated = page.Locator("fieldset.stated");
        await Expect(stated).ToHaveCountAsync(7);
        string[] judgements = ["Serious", "Moderate", "Low", "Moderate", "Low", "Moderate", "Low"];
        for (var i = 0; i < judgements.Length; i++)
        {
            var domain = page.Locator($"fieldset.stated[data-domain=D{i + 1}]");
            if (i == 0) await domain.GetByLabel("Support for the D1 judgement (optional)").FillAsync("Age and disease severity not adjusted for.");
            await domain.GetByLabel(judgements[i], new() { Exact = true }).CheckAsync();
            await Expect(page.Locator($".proposal tr[data-domain=D{i + 1}] td").First).ToHaveTextAsync(judgements[i]);
        }

        await Expect(page.Locator(".proposal p.overall .judgement")).ToHaveTextAsync("Serious");
        await PageChecks.AssertUsableAndScreenshotAsync(bob, "38-robins-i-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit assessment" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Submitted." })).ToBeVisibleAsync();

        var own = (await fixture.ApiAs("bob").GetFromJsonAsync<JsonElement>($"/api/risk-of-bias/projects/{projectId}/studies/{studyId}")).GetProperty("own");
        Assert.True(own.GetProperty("submitted").GetBoolean());
        var sheet = own.GetProperty("sheet").GetProperty("statedJudgements");
        Assert.Equal(["serious", "moderate", "low", "moderate", "low", "moderate", "low"], Enumerable.Range(1, 7).Select(i => sheet.GetProperty($"D{i}").GetProperty("judgement").GetString()));
        Assert.Equal("Age and disease severity not adjusted for.", sheet.GetProperty("D1").GetProperty("support").GetString());
        Assert.Equal("serious", own.GetProperty("evaluation").GetProperty("overall").GetString());
        Assert.DoesNotContain(bob.ConsoleErrors, e => !e.Contains("Failed to load resource"));
    }
}

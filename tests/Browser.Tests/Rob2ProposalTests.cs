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
        var (projectId, studyId) = await OneRecordProject.IncludedStudyAsync(fixture, "randomised", "rob2");

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
        await page.AnswerAsync("1.1", "Probably yes");
        await Expect(d1.Nth(1)).ToHaveTextAsync("1.2, 1.3"); // still to answer: no row applies yet
        await Expect(d1.First).ToHaveTextAsync("not yet");
        // 1.2 NI, 1.3 PN → D1.R5: some concerns.
        await page.AnswerAsync("1.2", "No information");
        await page.AnswerAsync("1.3", "Probably no");
        await Expect(d1.First).ToHaveTextAsync("Some concerns");
        await Expect(d1.Nth(1)).ToHaveTextAsync("—");
        // 1.2 Y, 1.1 PY, 1.3 PN → D1.R3: low.
        await page.AnswerAsync("1.2", "Yes");
        await Expect(d1.First).ToHaveTextAsync("Low risk");
        await bob.ScreenshotAsync("34-rob2-proposal");
        // 1.2 Y, 1.1 PY, 1.3 Y (baseline differences suggest a problem) → D1.R4: some concerns.
        await page.AnswerAsync("1.3", "Yes");
        await Expect(d1.First).ToHaveTextAsync("Some concerns");
        // 1.2 PN → D1.R1: high, whatever the other answers.
        await page.AnswerAsync("1.2", "Probably no");
        await Expect(d1.First).ToHaveTextAsync("High risk");
        await PageChecks.AssertUsableAsync(page, "RoB 2 form");
    }
}

using EvSysReview.RiskOfBias;
using EvSysReview.RiskOfBias.Core.Consensus;
using EvSysReview.RiskOfBias.Tests;
using EvSysReview.ServiceDefaults.Storage;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace EvSysReview.Browser.Tests;

/// <summary>
/// An assessment finalised before an override could no longer stand in for unanswered questions
/// (ad4471b) keeps its finalised judgement, and the consensus page says what it rests on
/// (docs/risk-of-bias.md, "Finalised judgements").
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RiskOfBiasEarlierRuleTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_finalised_assessment_whose_override_stood_in_for_unanswered_questions_shows_its_judgement_and_names_the_questions()
    {
        var (projectId, _) = await OneRecordProject.IncludedStudyAsync(fixture, "randomised", "rob2", ("bob", "reviewer"), ("carol", "reviewer"), ("dana", "methodologist"));
        var studyId = Guid.NewGuid();
        await SeedFinalisedBeforeTheRuleAsync(Guid.Parse(projectId), studyId);

        await using var dana = await fixture.OpenAsync();
        await dana.SignInAsync("dana");
        var page = dana.Page;
        await page.GotoAsync($"/#/p/{projectId}/risk-of-bias?study={studyId}");
        var compare = page.Locator("table.compare-table");
        await Expect(compare.Locator("thead th").Nth(3)).ToHaveTextAsync("Final");
        await Expect(compare.Locator("tr[data-domain=D1] td").Nth(2)).ToHaveTextAsync("High risk (override stood in for 1.1, 1.3)");
        // Each assessor's sheet reads under the rule the assessment was finalised with, as the final cell does.
        await Expect(compare.Locator("tr[data-domain=D1] td").Nth(0)).ToHaveTextAsync("High risk (override stood in for 1.1, 1.3; override: Allocation by date of birth (Methods))");
        await Expect(compare.Locator("tr[data-domain=overall] td").Nth(0)).ToHaveTextAsync("High risk");
        await Expect(compare.Locator("tr[data-domain=D2] td").Nth(2)).ToHaveTextAsync("Low risk");
        await Expect(compare.Locator("tr[data-domain=overall] td").Nth(2)).ToHaveTextAsync("High risk");
        await Expect(page.Locator(".earlier-rule")).ToHaveTextAsync(
            "Finalised under the earlier rule: the D1 override stood in for unanswered questions 1.1, 1.3. Today such an override waits for its questions; reopen the assessment to answer them.");
        await PageChecks.AssertUsableAndScreenshotAsync(dana, "36a-risk-of-bias-earlier-rule");
    }

    /// <summary>Finalised before ad4471b (<see cref="LegacyAssessmentSeed"/>): both sheets and the consensus with D1 overridden to high, 1.1 and 1.3 open.</summary>
    private Task SeedFinalisedBeforeTheRuleAsync(Guid projectId, Guid studyId) =>
        LegacyAssessmentSeed.SeedAsync(fixture.Host.Services.GetRequiredService<ModuleStore<RiskOfBiasModule>>(), projectId, studyId, "Ferreira 2023",
            DualAssessmentState.Finalised, ("bob", LegacyAssessmentSeed.Sheet()), ("carol", LegacyAssessmentSeed.Sheet()));
}

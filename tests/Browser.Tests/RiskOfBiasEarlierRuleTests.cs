using System.Collections.Immutable;
using System.Text.Json;
using EvSysReview.RiskOfBias;
using EvSysReview.RiskOfBias.Assessments;
using EvSysReview.RiskOfBias.Core.Assessments;
using EvSysReview.RiskOfBias.Core.Consensus;
using EvSysReview.RiskOfBias.Core.Tools;
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
    private static readonly RiskOfBiasTool Rob2 = ToolCatalogue.BuiltIn.Get("rob2");

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
        // Each assessor's own sheet follows today's rule: the override is held, and the comparison says what it says.
        await Expect(compare.Locator("tr[data-domain=D1] td").Nth(0)).ToHaveTextAsync("High risk (held until questions 1.1, 1.3 are answered; override: Allocation by date of birth (Methods))");
        await Expect(compare.Locator("tr[data-domain=D2] td").Nth(2)).ToHaveTextAsync("Low risk");
        await Expect(compare.Locator("tr[data-domain=overall] td").Nth(2)).ToHaveTextAsync("High risk");
        await Expect(page.Locator(".earlier-rule")).ToHaveTextAsync(
            "Finalised under the earlier rule: the D1 override stood in for unanswered questions 1.1, 1.3. Today such an override waits for its questions; reopen the assessment to answer them.");
        await PageChecks.AssertUsableAndScreenshotAsync(dana, "36a-risk-of-bias-earlier-rule");
    }

    /// <summary>
    /// The study's document as the service stored it before ad4471b: every RoB 2 question answered
    /// low except 1.1 and 1.3, D1 overridden to high, finalised, no judgements stored with it.
    /// </summary>
    private async Task SeedFinalisedBeforeTheRuleAsync(Guid projectId, Guid studyId)
    {
        var sheet = "1.2=N 2.1=N 2.2=N 2.6=Y 3.1=Y 4.1=N 4.2=N 4.3=N 5.1=Y 5.2=N 5.3=N".Split(' ').Select(a => a.Split('='))
            .Aggregate(AnswerSheet.Empty(Rob2), (s, a) => s.WithAnswer(Rob2, a[0], a[1], $"quote for {a[0]}"))
            .WithOverride(Rob2, "D1", "high", "Allocation by date of birth (Methods)");
        var dual = new DualAssessment(studyId.ToString(), Rob2.Id, new AssessorSlot("bob", sheet, true), new AssessorSlot("carol", sheet, true),
            DualAssessmentState.Finalised, sheet, ImmutableDictionary<string, string>.Empty.Add(ConsensusItem.Domain("D1"), DualAssessment.AgreedReason), []);
        var task = new StudyAssessment
        {
            ProjectId = projectId, StudyId = studyId, StudyLabel = "Ferreira 2023", StudyDesign = "randomised", ToolId = Rob2.Id,
            InclusionChangedAt = DateTimeOffset.UtcNow.AddDays(-30), Dual = dual, Revision = 1,
        };
        var document = JsonSerializer.SerializeToNode(task, StoreJson.Options)!.AsObject();
        document["dual"]!.AsObject().Remove("finalisedWith");
        var store = fixture.Host.Services.GetRequiredService<ModuleStore<RiskOfBiasModule>>();
        await store.CommitAsync(new UnitOfWork().Put(StudyAssessment.Collection, StudyAssessment.Key(projectId, studyId), projectId.ToString("N"), document, 0));
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EvSysReview.Browser.Tests;

/// <summary>A methodologist's consensus beyond picking an assessor's answer: a judgement of her own with its reason, finalising, reopening.</summary>
[Collection(BrowserCollection.Name)]
public sealed class RiskOfBiasConsensusTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_methodologist_sets_a_judgement_neither_assessor_gave_with_a_reason_finalises_and_reopens_with_a_reason()
    {
        var (projectId, studyId) = await OneRecordProject.IncludedStudyAsync(fixture, "animal", "syrcle", ("bob", "reviewer"), ("carol", "reviewer"), ("dana", "methodologist"));
        var api = new ReviewApi(fixture, projectId);
        // Both assessors answer "yes" to all ten SYRCLE items: low risk in every domain.
        var yes = Enumerable.Repeat("yes", 10).ToArray();
        await api.AssessAsync("bob", studyId, yes);
        await api.AssessAsync("carol", studyId, yes);

        await using var dana = await fixture.OpenAsync();
        await dana.SignInAsync("dana");
        var page = dana.Page;
        await page.GotoAsync($"/#/p/{projectId}/risk-of-bias?study={studyId}");
        var compare = page.Locator("table.compare-table");
        await Expect(compare.Locator("caption")).ToHaveTextAsync("bob and carol: 0 domains judged differently");
        await Expect(compare.Locator("tr[data-domain=D1] td")).ToHaveTextAsync(["Low risk", "Low risk", "Low risk"]);
        await Expect(page.GetByText("The assessors answered every question alike.")).ToBeVisibleAsync();

        // D1 high, which neither assessor said: without a reason the API refuses and says so under the reason box.
        var d1 = page.Locator("table.judgements tr[data-judgement=D1]");
        await Expect(d1.GetByLabel("Consensus judgement for D1 Sequence generation")).ToHaveValueAsync("");
        await d1.GetByLabel("Consensus judgement for D1 Sequence generation").SelectOptionAsync(new SelectOptionValue { Label = "High risk" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Save consensus" }).ClickAsync();
        await Expect(d1.Locator(".field-error")).ToHaveTextAsync("A consensus decision requires a reason.");
        await Expect(d1.GetByLabel("Reason for the D1 Sequence generation judgement")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator(".consensus-form .error-summary")).ToBeFocusedAsync();
        await Expect(page.Locator(".consensus-form .error-summary li")).ToHaveTextAsync(["Reason for the D1 Sequence generation judgement: A consensus decision requires a reason."]);
        await d1.GetByLabel("Reason for the D1 Sequence generation judgement").FillAsync("Methods: cages allocated by number, not at random.");
        await PageChecks.AssertUsableAndScreenshotAsync(dana, "35-risk-of-bias-consensus-override");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record consensus and finalise" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "finalised" })).ToHaveTextAsync("Consensus recorded and the assessment finalised.");
        await Expect(compare.Locator("thead th").Nth(3)).ToHaveTextAsync("Final");
        await Expect(compare.Locator("tr[data-domain=D1] td")).ToHaveTextAsync(["Low risk", "Low risk", "High risk"]);
        await Expect(compare.Locator("tr[data-domain=D2] td")).ToHaveTextAsync(["Low risk", "Low risk", "Low risk"]);
        await Expect(page.GetByText("This assessment is final (revision 1).")).ToBeVisibleAsync();
        var study = await StudyAsync(projectId, studyId);
        Assert.Equal("high", study.GetProperty("final").GetProperty("domains").GetProperty("D1").GetString());
        Assert.Equal("low", study.GetProperty("final").GetProperty("domains").GetProperty("D2").GetString());
        Assert.Equal("Methods: cages allocated by number, not at random.", study.GetProperty("consensus").GetProperty("reasons").GetProperty("domain:D1").GetString());

        // Reopening needs a reason too; the API's message sits under the box.
        var reopen = page.Locator("form.reopen");
        await reopen.GetByRole(AriaRole.Button, new() { Name = "Reopen assessment" }).ClickAsync();
        await Expect(reopen.Locator(".field-error")).ToHaveTextAsync("Say why the assessment is reopened; the reason is kept with it.");
        await reopen.GetByLabel("Why reopen").FillAsync("The corrected supplement describes a random number table for cages.");
        await reopen.GetByRole(AriaRole.Button, new() { Name = "Reopen assessment" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Reopened" })).ToHaveTextAsync("Reopened: the consensus can be changed and finalised again.");
        await Expect(page.Locator(".reopen-history li")).ToHaveTextAsync(["The corrected supplement describes a random number table for cages."]);
        await Expect(d1.GetByLabel("Consensus judgement for D1 Sequence generation")).ToHaveValueAsync("high");
        await Expect(compare.Locator("tr[data-domain=D1] td").Nth(2)).ToHaveTextAsync("High risk");
        await PageChecks.AssertUsableAndScreenshotAsync(dana, "36-risk-of-bias-reopened");
        study = await StudyAsync(projectId, studyId);
        Assert.Equal("consensus", study.GetProperty("state").GetString());
        Assert.True(!study.TryGetProperty("final", out var final) || final.ValueKind == JsonValueKind.Null, "a reopened assessment has no final judgements");

        // Meanwhile alice (lead) records a decision through the API: dana's page is stale, and says so.
        var alice = await fixture.ApiAs("alice").PutAsJsonAsync($"/api/risk-of-bias/projects/{projectId}/studies/{studyId}/consensus",
            new { judgements = new Dictionary<string, object> { ["D2"] = new { judgement = "unclear", reason = "Baseline table missing" } } });
        alice.EnsureSuccessStatusCode();
        await d1.GetByLabel("Consensus judgement for D1 Sequence generation").SelectOptionAsync(new SelectOptionValue { Label = "Low risk" });
        await d1.GetByLabel("Reason for the D1 Sequence generation judgement").FillAsync("Corrected supplement: random number table.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record consensus and finalise" }).ClickAsync();
        var stale = page.Locator(".consensus-form [data-problem='412']");
        await Expect(stale.Locator("h2")).ToContainTextAsync("someone changed the assessment since you opened it");
        await stale.GetByRole(AriaRole.Button, new() { Name = "Try again" }).ClickAsync();

        // Reloaded: alice's D2 is there; dana decides D1 again and finalises revision 2.
        await Expect(compare.Locator("tr[data-domain=D2] td").Nth(2)).ToHaveTextAsync("Unclear risk");
        await d1.GetByLabel("Consensus judgement for D1 Sequence generation").SelectOptionAsync(new SelectOptionValue { Label = "Low risk" });
        await d1.GetByLabel("Reason for the D1 Sequence generation judgement").FillAsync("Corrected supplement: random number table.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record consensus and finalise" }).ClickAsync();
        await Expect(page.GetByText("This assessment is final (revision 2).")).ToBeVisibleAsync();
        await Expect(compare.Locator("tr[data-domain=D1] td").Nth(2)).ToHaveTextAsync("Low risk");
        study = await StudyAsync(projectId, studyId);
        Assert.Equal("low", study.GetProperty("final").GetProperty("domains").GetProperty("D1").GetString());
        Assert.Equal("unclear", study.GetProperty("final").GetProperty("domains").GetProperty("D2").GetString());
        Assert.DoesNotContain(dana.ConsoleErrors, e => !e.Contains("Failed to load resource"));
    }

    private async Task<JsonElement> StudyAsync(string projectId, string studyId) =>
        await fixture.ApiAs("dana").GetFromJsonAsync<JsonElement>($"/api/risk-of-bias/projects/{projectId}/studies/{studyId}");
}

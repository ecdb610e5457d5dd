using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EvSysReview.Browser.Tests;

/// <summary>
/// The assessor departs from the algorithm's proposal in the form, as RoB 2 guidance allows with a
/// written justification (docs/risk-of-bias.md, "Overrides"): per domain and overall an "Override"
/// with a judgement from the tool's scale and a required reason, saved through PUT assessments/me.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RiskOfBiasOverrideTests(BrowserFixture fixture)
{
    private const string Reason = "Participants switched arms after randomisation (Table 2).";

    [Fact]
    public async Task An_assessor_overrides_d2_by_keyboard_with_a_reason_a_blank_reason_is_refused_and_removing_it_restores_the_proposal()
    {
        var (projectId, studyId) = await OneRecordProject.IncludedStudyAsync(fixture, "randomised", "rob2");
        await using var bob = await fixture.OpenAsync();
        await bob.SignInAsync("bob");
        var page = bob.Page;
        await page.GotoAsync($"/#/p/{projectId}/risk-of-bias?study={studyId}");

        // D2: 2.1 N, 2.2 N → P1.R1 low; 2.6 Y → P2.R1 low: the proposal is low.
        await page.AnswerAsync("2.1", "No");
        await page.AnswerAsync("2.2", "No");
        await page.AnswerAsync("2.6", "Yes");
        var panel = page.Locator(".proposal tr[data-domain=D2] td").First;
        await Expect(panel).ToHaveTextAsync("Low risk");
        var d2 = page.Locator("fieldset.domain[data-domain=D2] .override");
        await Expect(d2.Locator(".judgement-line")).ToHaveTextAsync("Proposed: Low risk");

        // By keyboard: Enter on "Override" opens the judgement select (focused), Tab to the reason, Enter on save.
        await d2.GetByRole(AriaRole.Button, new() { Name = "Override the D2 judgement" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var select = d2.GetByLabel("Your judgement for D2");
        await Expect(select).ToBeFocusedAsync();
        await Expect(select.Locator("option")).ToHaveTextAsync(["Low risk", "Some concerns", "High risk"]);
        await select.SelectOptionAsync(new SelectOptionValue { Label = "High risk" });
        await page.Keyboard.PressAsync("Tab");
        var reason = d2.GetByLabel("Reason for overriding D2");
        await Expect(reason).ToBeFocusedAsync();

        // A blank reason: refused in the page, nothing sent, nothing stored.
        await page.Keyboard.TypeAsync("   ");
        await page.Keyboard.PressAsync("Tab");
        await Expect(d2.GetByRole(AriaRole.Button, new() { Name = "Save the D2 override" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(d2.Locator(".field-error")).ToHaveTextAsync("Overriding a proposed judgement requires a reason.");
        await Expect(reason).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(reason).ToBeFocusedAsync();
        Assert.Empty((await OwnAsync(projectId, studyId)).GetProperty("sheet").GetProperty("overrides").EnumerateObject());

        await reason.FillAsync(Reason);
        await d2.GetByRole(AriaRole.Button, new() { Name = "Save the D2 override" }).PressAsync("Enter");
        await Expect(d2.Locator(".judgement-line")).ToHaveTextAsync($"Proposed: Low risk · your judgement: High risk (override: {Reason})");
        await Expect(page.Locator(".proposal tr[data-domain=D2] .proposed")).ToHaveTextAsync("proposed: Low risk");
        await Expect(page.Locator(".proposal tr[data-domain=D2] .yours")).ToHaveTextAsync($"your judgement: High risk (override: {Reason})");
        await Expect(d2.GetByRole(AriaRole.Button, new() { Name = "Change the D2 override" })).ToBeFocusedAsync();
        await Expect(d2.Locator(".field-error")).ToHaveCountAsync(0);
        var overrides = (await OwnAsync(projectId, studyId)).GetProperty("sheet").GetProperty("overrides");
        Assert.Equal(["D2"], overrides.EnumerateObject().Select(o => o.Name));
        Assert.Equal("high", overrides.GetProperty("D2").GetProperty("judgement").GetString());
        Assert.Equal(Reason, overrides.GetProperty("D2").GetProperty("reason").GetString());

        // Answering another question sends the whole sheet again: the override stays.
        await page.AnswerAsync("1.1", "Yes");
        await Expect(page.Locator(".proposal tr[data-domain=D1] td").Nth(1)).ToHaveTextAsync("1.2, 1.3");
        Assert.Equal(Reason, (await OwnAsync(projectId, studyId)).GetProperty("sheet").GetProperty("overrides").GetProperty("D2").GetProperty("reason").GetString());

        // The server's refusal (a reason over 4,000 characters) is shown next to the field; the stored override is unchanged.
        await d2.GetByRole(AriaRole.Button, new() { Name = "Change the D2 override" }).ClickAsync();
        await Expect(d2.GetByLabel("Your judgement for D2")).ToHaveValueAsync("high");
        await d2.GetByLabel("Reason for overriding D2").FillAsync(new string('x', 4001));
        await d2.GetByRole(AriaRole.Button, new() { Name = "Save the D2 override" }).ClickAsync();
        await Expect(d2.Locator(".field-error")).ToHaveTextAsync("At most 4000 characters.");
        await Expect(d2.GetByLabel("Reason for overriding D2")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Equal(Reason, (await OwnAsync(projectId, studyId)).GetProperty("sheet").GetProperty("overrides").GetProperty("D2").GetProperty("reason").GetString());
        await d2.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        // The reason shown in the proposal panel wraps inside its column: the table is no wider than
        // its panel, so the "To answer" column is not pushed out of view (it was, by 33 pixels at this width).
        var overflow = await page.EvaluateAsync<int>("() => { const s = document.querySelector('.proposal .table-scroll'); return s.scrollWidth - s.clientWidth; }");
        Assert.Equal(0, overflow);
        await PageChecks.AssertUsableAndScreenshotAsync(bob, "39-rob2-override");

        // Removing it: the proposal stands again.
        await d2.GetByRole(AriaRole.Button, new() { Name = "Remove the D2 override" }).ClickAsync();
        await Expect(d2.Locator(".judgement-line")).ToHaveTextAsync("Proposed: Low risk");
        await Expect(panel).ToHaveTextAsync("Low risk");
        await Expect(d2.GetByRole(AriaRole.Button, new() { Name = "Override the D2 judgement" })).ToBeFocusedAsync();
        var own = await OwnAsync(projectId, studyId);
        Assert.Empty(own.GetProperty("sheet").GetProperty("overrides").EnumerateObject());
        var evaluated = own.GetProperty("evaluation").GetProperty("domains").EnumerateArray().Single(d => d.GetProperty("domainId").GetString() == "D2");
        Assert.Equal("low", evaluated.GetProperty("final").GetString());

        // D1 overridden with 1.2 and 1.3 still open: kept, but held (no final judgement) until they are answered.
        var d1 = page.Locator("fieldset.domain[data-domain=D1] .override");
        await d1.GetByRole(AriaRole.Button, new() { Name = "Override the D1 judgement" }).ClickAsync();
        await d1.GetByLabel("Your judgement for D1").SelectOptionAsync(new SelectOptionValue { Label = "High risk" });
        await d1.GetByLabel("Reason for overriding D1").FillAsync("Allocation by date of birth.");
        await d1.GetByRole(AriaRole.Button, new() { Name = "Save the D1 override" }).ClickAsync();
        await Expect(d1.Locator(".judgement-line")).ToHaveTextAsync("Proposed: not yet · your judgement: High risk (override held until questions 1.2, 1.3 are answered; reason: Allocation by date of birth.)");
        await Expect(page.Locator(".proposal tr[data-domain=D1] .yours")).ToHaveTextAsync("your judgement: High risk (override held until questions 1.2, 1.3 are answered; reason: Allocation by date of birth.)");
        var d1Evaluated = (await OwnAsync(projectId, studyId)).GetProperty("evaluation").GetProperty("domains")[0];
        Assert.Equal(JsonValueKind.Null, d1Evaluated.GetProperty("final").ValueKind);
        Assert.True(d1Evaluated.GetProperty("overrideHeld").GetBoolean());
        // 1.2 Y, 1.3 N → D1.R3 low, and the override counts.
        await page.AnswerAsync("1.2", "Yes");
        await page.AnswerAsync("1.3", "No");
        await Expect(d1.Locator(".judgement-line")).ToHaveTextAsync("Proposed: Low risk · your judgement: High risk (override: Allocation by date of birth.)");
        Assert.Equal("high", (await OwnAsync(projectId, studyId)).GetProperty("evaluation").GetProperty("domains")[0].GetProperty("final").GetString());

        // Overall, where the tool has one: the same control, stored as the sheet's "overall".
        var overall = page.Locator("fieldset.domain[data-domain=overall] .override");
        await overall.GetByRole(AriaRole.Button, new() { Name = "Override the overall judgement" }).ClickAsync();
        await overall.GetByLabel("Your judgement for overall").SelectOptionAsync(new SelectOptionValue { Label = "Some concerns" });
        await overall.GetByLabel("Reason for overriding overall").FillAsync("Concerns are minor.");
        await overall.GetByRole(AriaRole.Button, new() { Name = "Save the overall override" }).ClickAsync();
        // D3 to D5 are not judged yet, so it is held too.
        await Expect(overall.Locator(".judgement-line")).ToHaveTextAsync("Proposed: not yet · your judgement: Some concerns (override held until every domain has its judgement; reason: Concerns are minor.)");
        var stored = (await OwnAsync(projectId, studyId)).GetProperty("sheet").GetProperty("overall");
        Assert.Equal("some_concerns", stored.GetProperty("judgement").GetString());
        Assert.Equal("Concerns are minor.", stored.GetProperty("reason").GetString());
        Assert.DoesNotContain(bob.ConsoleErrors, e => !e.Contains("Failed to load resource"));
    }

    /// <summary>
    /// Submitted sheets are read-only; the methodologist's consensus screen shows each assessor's
    /// override with its reason, and holds the override both gave while a question of its domain is undecided.
    /// </summary>
    [Fact]
    public async Task A_submitted_sheet_shows_its_override_without_controls_and_the_consensus_shows_each_assessors_override_and_reason()
    {
        var (projectId, studyId) = await OneRecordProject.IncludedStudyAsync(fixture, "randomised", "rob2", ("bob", "reviewer"), ("carol", "reviewer"), ("dana", "methodologist"));
        var rob = $"/api/risk-of-bias/projects/{projectId}/studies/{studyId}";
        // Both override D2 to high; they answer 2.6 differently (Y, PY: both low), so the consensus starts without 2.6.
        foreach (var (user, answers, reason) in new[] { ("bob", AllLow, Reason), ("carol", AllLow.Replace("2.6=Y", "2.6=PY"), "Some switching, unbalanced between arms.") })
        {
            var saved = await fixture.ApiAs(user).PutAsJsonAsync($"{rob}/assessments/me", new { answers = Answers(answers), overrides = new Dictionary<string, object> { ["D2"] = new { judgement = "high", reason } } });
            Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
            (await fixture.ApiAs(user).PostAsJsonAsync($"{rob}/submit", new { })).EnsureSuccessStatusCode();
        }

        await using var bob = await fixture.OpenAsync();
        await bob.SignInAsync("bob");
        await bob.Page.GotoAsync($"/#/p/{projectId}/risk-of-bias?study={studyId}");
        var d2 = bob.Page.Locator("fieldset.domain[data-domain=D2] .override");
        await Expect(d2.Locator(".judgement-line")).ToHaveTextAsync($"Proposed: Low risk · your judgement: High risk (override: {Reason})");
        await Expect(bob.Page.Locator(".override button")).ToHaveCountAsync(0);
        await Expect(bob.Page.Locator("fieldset.question input[type=radio]:not([disabled])")).ToHaveCountAsync(0);
        await Expect(bob.Page.GetByRole(AriaRole.Button, new() { Name = "Submit assessment" })).ToHaveCountAsync(0);

        // dana's first decision (D1) seeds the consensus with what both agreed on: the D2 override, not 2.6.
        (await fixture.ApiAs("dana").PutAsJsonAsync($"{rob}/consensus", new { judgements = new Dictionary<string, object> { ["D1"] = new { judgement = "low", reason = "Both assessors agreed" } } })).EnsureSuccessStatusCode();
        await using var dana = await fixture.OpenAsync();
        await dana.SignInAsync("dana");
        await dana.Page.GotoAsync($"/#/p/{projectId}/risk-of-bias?study={studyId}");
        var row = dana.Page.Locator("table.compare-table tr[data-domain=D2] td");
        await Expect(row.Nth(0)).ToHaveTextAsync($"High risk (override: {Reason})");
        await Expect(row.Nth(1)).ToHaveTextAsync("High risk (override: Some switching, unbalanced between arms.)");
        await Expect(row.Nth(2)).ToHaveTextAsync("High risk (held until question 2.6 is answered)");
        await Expect(dana.Page.Locator("table.compare-table tr[data-domain=D1] td").Nth(0)).ToHaveTextAsync("Low risk");
        await PageChecks.AssertUsableAsync(dana.Page, "RoB 2 consensus with overrides");
        Assert.DoesNotContain(bob.ConsoleErrors, e => !e.Contains("Failed to load resource"));
        Assert.DoesNotContain(dana.ConsoleErrors, e => !e.Contains("Failed to load resource"));
    }

    /// <summary>Low in every RoB 2 domain (D1.R3, D2.P1.R1 + D2.P2.R1, D3.R1, D4.R3, D5.R2).</summary>
    private const string AllLow = "1.1=Y 1.2=Y 1.3=N 2.1=N 2.2=N 2.6=Y 3.1=Y 4.1=N 4.2=N 4.3=N 5.1=Y 5.2=N 5.3=N";

    private static Dictionary<string, object> Answers(string answers) =>
        answers.Split(' ').Select(a => a.Split('=')).ToDictionary(a => a[0], a => (object)new { answer = a[1] });

    private async Task<JsonElement> OwnAsync(string projectId, string studyId) =>
        await fixture.ApiAs("bob").GetFromJsonAsync<JsonElement>($"/api/risk-of-bias/projects/{projectId}/studies/{studyId}/assessments/me");
}

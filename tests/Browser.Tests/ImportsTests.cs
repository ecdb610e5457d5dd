using System.Net.Http.Json;
using System.Text.Json;
using EvSysReview.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EvSysReview.Browser.Tests;

/// <summary>Uploading ../shared/testdata files through the page: progress bar, then the import report.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ImportsTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_lead_uploads_a_pubmed_file_and_reads_the_import_report_or_sees_that_imports_are_not_available_yet()
    {
        var created = await fixture.ApiAs("alice").PostAsJsonAsync("/api/reviews/projects", new { template = "msc-ev-neurodegeneration" });
        created.EnsureSuccessStatusCode();
        var projectId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        // The ingestion module learns of the project (and alice's role) from events; wait for that,
        // then whether this host has the import endpoints decides what the page must show.
        var api = fixture.ApiAs("alice");
        await Eventually.HoldsAsync(async () => (await api.GetAsync($"/api/ingestion/projects/{projectId}/status")).IsSuccessStatusCode, "ingestion knows the project");
        var probe = await api.GetAsync($"/api/ingestion/projects/{projectId}/imports");
        var importsAvailable = probe.IsSuccessStatusCode;

        await using var ui = await fixture.OpenAsync();
        await ui.SignInAsync("alice");
        await ui.Page.GotoAsync($"/#/p/{projectId}/imports");
        await Expect(ui.Page.GetByRole(AriaRole.Heading, new() { Name = "Imports", Level = 1 })).ToBeVisibleAsync();

        // Upload without a file: the message sits under the file control.
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Upload and import" }).ClickAsync();
        await Expect(ui.Page.Locator("[data-field-wrapper=file] .field-error")).ToHaveTextAsync("Choose a file to upload.");

        var file = Path.Combine(RepoPaths.SharedTestData, "pubmed", "biopython_pubmed4.xml");
        await ui.Page.GetByLabel("Citation file").SetInputFilesAsync(file);
        await ui.Page.GetByLabel("Source name").FillAsync("PubMed sample");
        await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Upload and import" }).ClickAsync();

        if (importsAvailable)
        {
            var report = ui.Page.Locator("section.report");
            await Expect(report).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 30_000 });
            var imported = int.Parse(await report.Locator("[data-stat=imported]").InnerTextAsync());
            var read = int.Parse(await report.Locator("[data-stat=read]").InnerTextAsync());
            Assert.True(imported > 0 && read >= imported, $"read {read}, imported {imported}");
            await Expect(ui.Page.Locator("table.data tbody tr").First).ToContainTextAsync("biopython_pubmed4.xml");
            await ui.ScreenshotAsync("12-import-report");

            // Uploading the same file again: everything is a duplicate.
            await ui.Page.GetByLabel("Citation file").SetInputFilesAsync(file);
            await ui.Page.GetByRole(AriaRole.Button, new() { Name = "Upload and import" }).ClickAsync();
            await Expect(report.Locator("[data-stat=duplicates]")).ToHaveTextAsync(imported.ToString(), new() { Timeout = 30_000 });
            await Expect(report.Locator("[data-stat=imported]")).ToHaveTextAsync("0");
        }
        else
        {
            // No ingestion endpoints on this host: the form says so in words, the page stays usable.
            await Expect(ui.Page.Locator(".error-summary")).ToContainTextAsync("not available on this server yet");
            await Expect(ui.Page.Locator("[data-problem=unavailable]").First).ToBeVisibleAsync();
            await ui.ScreenshotAsync("12-import-unavailable");
        }

        await ui.Page.SetViewportSizeAsync(BrowserFixture.Phone.Width, BrowserFixture.Phone.Height);
        await ui.ScreenshotAsync("13-imports-narrow");
    }
}

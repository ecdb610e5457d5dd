using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EvSysReview.Browser.Tests;

/// <summary>
/// Keyboard-first screening: a key held down past the system's repeat delay sends repeated keydown
/// events; each must not decide the next record, which the reviewer has not read yet.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class KeyRepeatTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_held_key_decides_one_record_not_the_ones_that_follow()
    {
        var projectId = await OneRecordProject.CreateAsync(fixture, ("bob", "reviewer"));
        await OneRecordProject.ImportAsync(fixture, projectId, "ris/asreview_pubmed_zotero.ris", "application/x-research-info-systems", expectedItems: 7);
        var bob = await fixture.OpenAsync();
        try
        {
            await bob.SignInAsync("bob");
            var page = bob.Page;
            await page.GotoAsync($"/#/p/{projectId}/screening");
            var record = page.Locator("article.record");
            await Expect(page.Locator("#record-title")).ToBeFocusedAsync();
            var first = await record.GetAttributeAsync("data-item-id");

            // Hold E: the first keydown excludes the first record; once the next one is drawn, the
            // held key's repeats arrive (Playwright sends repeat: true for a key already down).
            await page.Keyboard.DownAsync("e");
            await Expect(page.Locator($"article.record[data-item-id='{first}']")).ToHaveCountAsync(0);
            await Expect(record).ToBeVisibleAsync();
            var second = await record.GetAttributeAsync("data-item-id");
            await page.Keyboard.DownAsync("e");
            await page.Keyboard.DownAsync("e");
            await page.Keyboard.UpAsync("e");

            // A real press of M then marks the record on screen: still the second.
            await page.Keyboard.PressAsync("m");
            await Expect(page.Locator($"article.record[data-item-id='{second}']")).ToHaveCountAsync(0);
            Assert.Equal("exclude", await OwnDecisionAsync(projectId, first!));
            Assert.Equal("maybe", await OwnDecisionAsync(projectId, second!));
        }
        catch
        {
            await fixture.ScreenshotOpenSessionsAsync("key-repeat");
            throw;
        }
        finally
        {
            await bob.DisposeAsync();
        }
    }

    private async Task<string?> OwnDecisionAsync(string projectId, string itemId)
    {
        var response = await fixture.ApiAs("bob").GetAsync($"/api/screening/projects/{projectId}/items/{itemId}");
        response.EnsureSuccessStatusCode();
        var item = await response.Content.ReadFromJsonAsync<JsonElement>();
        return item.GetProperty("ownDecision") is { ValueKind: JsonValueKind.Object } own ? own.GetProperty("decision").GetString() : null;
    }
}

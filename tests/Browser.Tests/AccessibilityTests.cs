using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EvSysReview.Browser.Tests;

/// <summary>Labelled controls, visible focus, and the workspace on a narrow screen, each on a project with a record to screen.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture fixture)
{
    private const string AsthmaTitle = "Inhaled Combined Budesonide-Formoterol as Needed in Mild Asthma.";

    private static readonly string[] Sections = ["", "team", "imports", "screening", "conflicts", "extraction", "risk-of-bias", "synthesis", "agreement"];

    [Fact]
    public async Task Every_control_on_every_project_screen_has_a_label_at_1280_by_800()
    {
        var projectId = await OneRecordProject.CreateAsync(fixture, ("bob", "reviewer"));
        await using var ui = await fixture.OpenAsync(BrowserFixture.Desktop);
        await ui.SignInAsync("alice");
        await PageChecks.AssertUsableAsync(ui.Page, "projects");
        await ui.Page.GotoAsync("/#/projects/new");
        await Expect(ui.Page.GetByLabel("Start from")).ToBeVisibleAsync();
        await PageChecks.AssertUsableAsync(ui.Page, "new project");
        foreach (var section in Sections)
        {
            await ui.Page.GotoAsync($"/#/p/{projectId}/{section}");
            await Expect(ui.Page.Locator("h1.screen-title")).ToBeVisibleAsync();
            await Expect(ui.Page.Locator("main .loading")).ToHaveCountAsync(0);
            await PageChecks.AssertUsableAsync(ui.Page, $"section '{section}'");
        }

        // The record itself, with its decision and reason buttons, as the reviewer sees it.
        await using var bob = await BobScreeningAsync(projectId, BrowserFixture.Desktop);
        await PageChecks.AssertUsableAsync(bob.Page, "screening record");
        await Expect(bob.Page.GetByRole(AriaRole.Button, new() { Name = "I Include" })).ToHaveAttributeAsync("aria-keyshortcuts", "I");
    }

    [Fact]
    public async Task Tabbing_through_the_screening_workspace_shows_a_focus_ring_on_every_stop_in_reading_order()
    {
        var projectId = await OneRecordProject.CreateAsync(fixture, ("bob", "reviewer"));
        await using var bob = await BobScreeningAsync(projectId, BrowserFixture.Desktop);
        await Expect(bob.Page.Locator("#record-title")).ToBeFocusedAsync();

        var stops = new List<string>();
        // From the record's title: the 4 decision buttons and the 7 numbered reasons (the last stops in the page).
        for (var i = 0; i < 11; i++)
        {
            await bob.Page.Keyboard.PressAsync("Tab");
            var stop = await bob.Page.EvaluateAsync<JsonElement>("""
                () => { const e = document.activeElement, s = getComputedStyle(e);
                        return { name: e.tagName + ':' + (e.getAttribute('aria-label') || e.textContent || e.id).trim().slice(0, 40),
                                 style: s.outlineStyle, width: parseFloat(s.outlineWidth), top: e.getBoundingClientRect().top }; }
                """);
            var name = stop.GetProperty("name").GetString()!;
            Assert.True(stop.GetProperty("style").GetString() != "none", $"no focus ring on '{name}' after {string.Join(" → ", stops)}");
            Assert.True(stop.GetProperty("width").GetDouble() >= 2, $"focus ring on '{name}' is {stop.GetProperty("width").GetDouble()} px");
            stops.Add(name);
        }

        // After the record's title: the decision buttons in order, then the numbered reasons.
        var include = stops.FindIndex(s => s == "BUTTON:I Include");
        Assert.True(include >= 0, string.Join(" → ", stops));
        Assert.Equal(["BUTTON:I Include", "BUTTON:E Exclude", "BUTTON:M Maybe", "BUTTON:U Undo", "BUTTON:1 not MSC-derived EVs"], stops.Skip(include).Take(5));
        await PageChecks.AssertUsableAsync(bob.Page, "focus");
        await bob.ScreenshotAsync("40-focus-ring");
    }

    [Fact]
    public async Task On_a_390_px_screen_the_workspace_fits_and_a_record_is_screened_with_its_buttons()
    {
        var projectId = await OneRecordProject.CreateAsync(fixture, ("bob", "reviewer"));
        await using var bob = await BobScreeningAsync(projectId, BrowserFixture.Phone);
        await PageChecks.AssertUsableAsync(bob.Page, "screening at 390 px");
        // One column: progress above the record, every decision button inside the viewport's width.
        var progressBox = await bob.Page.Locator("aside.side").BoundingBoxAsync();
        var recordBox = await bob.Page.Locator("article.record").BoundingBoxAsync();
        Assert.True(progressBox!.Y + progressBox.Height <= recordBox!.Y + 1, "progress is not above the record");
        foreach (var button in await bob.Page.Locator(".decision-bar button").AllAsync())
        {
            var box = await button.BoundingBoxAsync();
            Assert.True(box!.X >= 0 && box.X + box.Width <= 390, $"{await button.InnerTextAsync()} sticks out: {box.X}+{box.Width}");
        }

        await bob.ScreenshotAsync("41-screening-narrow");
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "I Include" }).ClickAsync();
        await Expect(bob.Page.Locator("section.done")).ToContainTextAsync("You decided 1 record in this session.");
        await PageChecks.AssertUsableAsync(bob.Page, "done at 390 px");
        foreach (var section in Sections)
        {
            await bob.Page.GotoAsync($"/#/p/{projectId}/{section}");
            await Expect(bob.Page.Locator("main .loading")).ToHaveCountAsync(0);
            await PageChecks.AssertUsableAsync(bob.Page, $"section '{section}' at 390 px");
        }
    }

    /// <summary>bob, signed in, at the project's screening workspace with the record shown.</summary>
    private async Task<UiSession> BobScreeningAsync(string projectId, ViewportSize viewport)
    {
        var bob = await fixture.OpenAsync(viewport);
        await bob.SignInAsync("bob");
        await bob.Page.GotoAsync($"/#/p/{projectId}/screening");
        await Expect(bob.Page.Locator("#record-title")).ToHaveTextAsync(AsthmaTitle);
        return bob;
    }
}

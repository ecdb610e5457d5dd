using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EvSysReview.Browser.Tests;

/// <summary>Sign-in, projects, create from the template, the protocol, team and roles — in a real browser.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ShellTests(BrowserFixture fixture)
{
    [Fact]
    public async Task Sign_in_shows_field_messages_then_lands_on_projects_with_the_token_only_in_memory()
    {
        await using var ui = await fixture.OpenAsync();
        var page = ui.Page;
        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to EvSysReview" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Username")).ToBeFocusedAsync();

        // Focus order: username → password → sign in.
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByLabel("Password")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeFocusedAsync();
        var outline = await page.EvaluateAsync<string>("() => getComputedStyle(document.activeElement).outlineStyle");
        Assert.NotEqual("none", outline);

        // Empty username: the API names the field; the message sits under that field.
        await page.Keyboard.PressAsync("Enter");
        var usernameError = page.Locator("[data-field-wrapper=username] .field-error");
        await Expect(usernameError).ToHaveTextAsync("Enter your username.");
        await Expect(page.GetByLabel("Username")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator(".error-summary")).ToBeFocusedAsync();
        await ui.ScreenshotAsync("01-signin-field-error");

        // Wrong password: the message goes to the password field.
        await page.GetByLabel("Username").FillAsync("alice");
        await page.GetByLabel("Password").FillAsync("not-her-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("[data-field-wrapper=password] .field-error")).ToHaveTextAsync("The username or password is not right.");
        await Expect(page.Locator("[data-field-wrapper=username] .field-error")).ToBeHiddenAsync();

        await page.GetByLabel("Password").FillAsync("lead-demo-pass");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your projects" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your projects" })).ToBeFocusedAsync();
        await Expect(page.GetByLabel("Signed in as alice")).ToBeVisibleAsync();

        var stored = await page.EvaluateAsync<int>("() => localStorage.length + sessionStorage.length + document.cookie.length");
        Assert.Equal(0, stored);

        // A reload forgets the in-memory token: back to sign in.
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to EvSysReview" })).ToBeVisibleAsync();
        Assert.DoesNotContain(ui.ConsoleErrors, e => !e.Contains("401") && !e.Contains("400") && !e.Contains("Failed to load resource"));
    }

    [Fact]
    public async Task A_lead_creates_a_project_from_the_template_sees_the_protocol_and_builds_the_team()
    {
        await using var ui = await fixture.OpenAsync();
        var page = ui.Page;
        await ui.SignInAsync("alice");
        await ui.ScreenshotAsync("02-projects");

        await page.GetByRole(AriaRole.Link, new() { Name = "New project" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "New project" })).ToBeFocusedAsync();
        await Expect(page.GetByLabel("Start from")).ToHaveValueAsync("msc-ev-neurodegeneration");
        var title = $"MSC-EV browser {Guid.NewGuid():N}"[..24];
        await page.GetByLabel("Title").FillAsync(title);
        await ui.ScreenshotAsync("03-new-project");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create project" }).ClickAsync();

        // The protocol view: PICO, exclusion reasons as numbered keys, highlight terms in two colours.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = title, Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("#pico-title")).ToHaveTextAsync("Question (PICO)");
        await Expect(page.Locator("ol.reasons li").First).ToBeVisibleAsync();
        Assert.True(await page.Locator("ol.reasons li").CountAsync() >= 5);
        await Expect(page.Locator("mark.hl-include", new() { HasText = "exosome" })).ToBeVisibleAsync();
        await Expect(page.Locator("mark.hl-exclude", new() { HasText = "review" }).First).ToBeVisibleAsync();
        var includeColour = await page.Locator("mark.hl-include").First.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
        var excludeColour = await page.Locator("mark.hl-exclude").First.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
        Assert.NotEqual(includeColour, excludeColour);
        await Expect(page.Locator("ol.history li")).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Protocol" })).ToHaveAttributeAsync("aria-current", "page");
        await ui.ScreenshotAsync("04-protocol");
        var projectId = page.Url.Split("#/p/")[1].Split('/')[0];

        // An amendment without a note: the API names amendmentNote; the message sits under it.
        await page.GetByText("Amend the protocol", new() { Exact = true }).First.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish amendment" }).ClickAsync();
        await Expect(page.Locator("[data-field-wrapper=amendmentNote] .field-error")).ToContainTextAsync("Say what changed");
        await page.GetByLabel("Amendment note").FillAsync("Add 'organoid' as an exclude term");
        await page.GetByLabel("Exclude highlight terms, comma-separated").FillAsync("review, in vitro, cell line only, tumour, cancer, organoid");
        await page.GetByRole(AriaRole.Button, new() { Name = "Publish amendment" }).ClickAsync();
        await Expect(page.Locator("mark.hl-exclude", new() { HasText = "organoid" })).ToBeVisibleAsync();
        await Expect(page.Locator("ol.history li")).ToHaveCountAsync(2);

        // Team: add the reviewers, a methodologist and an observer.
        await page.GetByRole(AriaRole.Link, new() { Name = "Team" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Team and roles" })).ToBeFocusedAsync();
        foreach (var (user, role) in new[] { ("bob", "reviewer"), ("carol", "reviewer"), ("dana", "methodologist"), ("erin", "reviewer") })
        {
            await page.GetByLabel("Username").FillAsync(user);
            await page.GetByLabel("Role", new() { Exact = true }).SelectOptionAsync(role);
            await page.GetByRole(AriaRole.Button, new() { Name = "Add member" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Rowheader, new() { Name = user })).ToBeVisibleAsync();
        }

        // Adding someone twice: the API's 409 names the username field.
        await page.GetByLabel("Username").FillAsync("bob");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add member" }).ClickAsync();
        await Expect(page.Locator("[data-field-wrapper=username] .field-error")).ToContainTextAsync("already a member");
        await ui.ScreenshotAsync("05-team-lead-error");

        // Change erin to observer from the role select.
        await page.GetByLabel("Role of erin").SelectOptionAsync("observer");
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "erin is now observer." })).ToBeVisibleAsync();
        await ui.ScreenshotAsync("06-team-lead");

        var members = await fixture.ApiAs("alice").GetFromJsonAsync<JsonElement>($"/api/reviews/projects/{projectId}/members");
        Assert.Equal("observer", members.EnumerateArray().Single(m => m.GetProperty("username").GetString() == "erin").GetProperty("role").GetString());

        // The same screens on a narrow screen.
        await page.SetViewportSizeAsync(BrowserFixture.Phone.Width, BrowserFixture.Phone.Height);
        await ui.ScreenshotAsync("07-team-narrow");
        await page.GetByRole(AriaRole.Link, new() { Name = "Protocol" }).ClickAsync();
        await Expect(page.Locator("#pico-title")).ToBeVisibleAsync();
        await ui.ScreenshotAsync("08-protocol-narrow");
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "the protocol page scrolls sideways at 390 px");

        // bob, a reviewer, sees the project and the team but no controls to change it; the API refuses anyway.
        await using var bobUi = await fixture.OpenAsync();
        await bobUi.SignInAsync("bob");
        await bobUi.Page.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await bobUi.Page.GetByRole(AriaRole.Link, new() { Name = "Team" }).ClickAsync();
        await Expect(bobUi.Page.GetByRole(AriaRole.Rowheader, new() { Name = "dana" })).ToBeVisibleAsync();
        await Expect(bobUi.Page.GetByText("Only a project lead can change the team.")).ToBeVisibleAsync();
        await Expect(bobUi.Page.GetByRole(AriaRole.Button, new() { Name = "Add member" })).ToHaveCountAsync(0);
        await Expect(bobUi.Page.Locator("select")).ToHaveCountAsync(0);
        await Expect(bobUi.Page.GetByRole(AriaRole.Button, new() { Name = "Remove carol" })).ToHaveCountAsync(0);
        await Expect(bobUi.Page.GetByRole(AriaRole.Link, new() { Name = "Conflicts" })).ToHaveCountAsync(0);
        await bobUi.ScreenshotAsync("09-team-reviewer");
        var refused = await fixture.ApiAs("bob").PostAsJsonAsync($"/api/reviews/projects/{projectId}/members", new { username = "mallory", role = "lead" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task Every_project_section_shows_a_heading_never_a_blank_page()
    {
        var projectId = await CreateProjectAsync("alice");
        await using var ui = await fixture.OpenAsync();
        await ui.SignInAsync("alice");
        foreach (var (section, heading) in new[]
                 {
                     ("imports", "Imports"), ("screening", "Screening"), ("conflicts", "Conflicts"), ("extraction", "Extraction"),
                     ("risk-of-bias", "Risk of bias"), ("synthesis", "Synthesis"), ("agreement", "Agreement"),
                 })
        {
            await ui.Page.GotoAsync($"/#/p/{projectId}/{section}");
            await Expect(ui.Page.Locator("h1.screen-title")).ToContainTextAsync(heading);
            await Expect(ui.Page.Locator("main .loading")).ToHaveCountAsync(0, new() { Timeout = 15_000 });
            var text = await ui.Page.Locator("main").InnerTextAsync();
            Assert.True(text.Trim().Length > heading.Length + 20, $"{section} shows almost nothing: '{text}'");
            if (section == "agreement")
            {
                // Nothing imported, so nothing ranked yet: the row says so for both stages.
                var orderedBy = ui.Page.Locator("tr", new() { Has = ui.Page.GetByRole(AriaRole.Rowheader, new() { Name = "queue ordered by" }) });
                await Expect(orderedBy.Locator("td")).ToHaveTextAsync(["import order (not ranked yet)", "import order (not ranked yet)"]);
            }

            await ui.ScreenshotAsync($"10-section-{section}");
        }

        await ui.Page.GotoAsync("/#/p/00000000-0000-0000-0000-000000000000");
        await Expect(ui.Page.Locator("h1.screen-title")).ToHaveTextAsync("This page could not be shown");
        await Expect(ui.Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("not a member");
        await ui.ScreenshotAsync("11-project-not-found");
    }

    private async Task<string> CreateProjectAsync(string lead)
    {
        var response = await fixture.ApiAs(lead).PostAsJsonAsync("/api/reviews/projects", new { template = "msc-ev-neurodegeneration" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}

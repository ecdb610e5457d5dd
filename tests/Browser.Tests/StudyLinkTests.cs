using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EvSysReview.Browser.Tests;

/// <summary>
/// The extraction and risk-of-bias pages take the study from the address (?study=). The value goes
/// into API paths that carry the user's token, so a crafted link (`..%2F` segments) must not steer
/// those requests to another endpoint.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class StudyLinkTests(BrowserFixture fixture)
{
    [Theory]
    [InlineData("extraction", "Extraction")]
    [InlineData("risk-of-bias", "Risk of bias")]
    public async Task A_study_that_is_not_an_id_sends_no_request_outside_the_page_s_own_api(string page, string heading)
    {
        var projectId = await OneRecordProject.CreateAsync(fixture, ("bob", "reviewer"));
        var bob = await fixture.OpenAsync();
        try
        {
            await bob.SignInAsync("bob");
            var requested = new List<string>();
            bob.Page.Request += (_, request) => requested.Add(new Uri(request.Url).AbsolutePath);
            // Four ".." climb from /api/{page}/projects/{id}/studies/ to /api/: the request would land on screening's statistics.
            var crafted = Uri.EscapeDataString($"../../../../screening/projects/{projectId}/statistics#");
            await bob.Page.GotoAsync($"/#/p/{projectId}/{page}?study={crafted}");
            await Expect(bob.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
            await bob.Page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            Assert.DoesNotContain(requested, path => path.StartsWith($"/api/screening/projects/{projectId}/statistics", StringComparison.Ordinal));
            // Not a study id: the page lists the tasks instead.
            await Expect(bob.Page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1, Exact = true })).ToBeVisibleAsync();
            Assert.Contains(requested, path => path == $"/api/{page}/projects/{projectId}/tasks");
        }
        catch
        {
            await fixture.ScreenshotOpenSessionsAsync($"study-link-{page}");
            throw;
        }
        finally
        {
            await bob.DisposeAsync();
        }
    }
}

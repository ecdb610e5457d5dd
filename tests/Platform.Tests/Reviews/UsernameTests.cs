using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EvSysReview.Contracts.Reviews;
using EvSysReview.Reviews;
using EvSysReview.Reviews.Accounts;
using EvSysReview.Reviews.Projects;
using EvSysReview.ServiceDefaults;
using EvSysReview.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace EvSysReview.Platform.Tests.Reviews;

/// <summary>
/// A member is changed and removed at .../members/{username}, so a username that a route segment
/// cannot carry ('/', "." and "..", which URLs drop) is refused where it would enter the system: a
/// member added, a project's creator, a configured user. Names stored before the rule stay
/// reachable by their escaped form.
/// </summary>
public sealed class UsernameTests(StandaloneFixture standalone) : IClassFixture<StandaloneFixture>
{
    private static async Task<JsonElement> Json(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    private async Task<Guid> ProjectAsync()
    {
        var created = await standalone.As("alice").PostAsJsonAsync("/api/reviews/projects", new { title = $"Usernames {Guid.NewGuid():N}" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await Json(created)).GetProperty("id").GetGuid();
    }

    private async Task<string[]> MemberNamesAsync(Guid projectId) =>
        [.. (await Json(await standalone.As("alice").GetAsync($"/api/reviews/projects/{projectId}/members"))).EnumerateArray().Select(m => m.GetProperty("username").GetString()!)];

    [Theory]
    [InlineData("team/ana")]
    [InlineData("/ana")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("ana\\lima")]
    [InlineData("ana lima")]
    [InlineData("ana?lima")]
    [InlineData("ana#lima")]
    [InlineData("ana%2Flima")]
    [InlineData("ana:lima")]
    [InlineData("josé")]
    public async Task A_username_a_route_cannot_address_is_refused_with_a_problem_naming_username_and_the_allowed_characters(string username)
    {
        var projectId = await ProjectAsync();

        var response = await standalone.As("alice").PostAsJsonAsync($"/api/reviews/projects/{projectId}/members", new { username, role = "reviewer" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Json(response);
        Assert.Equal("username", problem.GetProperty("field").GetString());
        Assert.Contains("letters, digits and . _ - @ + |", problem.GetProperty("detail").GetString());
        Assert.Equal(["alice"], await MemberNamesAsync(projectId));
    }

    [Fact]
    public async Task A_username_over_100_characters_is_refused_naming_username()
    {
        var projectId = await ProjectAsync();
        var response = await standalone.As("alice").PostAsJsonAsync($"/api/reviews/projects/{projectId}/members", new { username = new string('a', 101), role = "reviewer" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("username", (await Json(response)).GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("reviewer01")]
    [InlineData("Ana.Lima")]
    [InlineData("ana_lima-2")]
    [InlineData("ana@example.org")]
    [InlineData("first.last+screening@example.org")]
    [InlineData("auth0|5f7c8ec7c33c6c004bbafe82")]
    [InlineData("-AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ")]
    [InlineData("...")]
    public async Task A_username_of_the_allowed_forms_is_added_then_changed_and_removed_through_its_route(string username)
    {
        var projectId = await ProjectAsync();
        var alice = standalone.As("alice");
        var route = $"/api/reviews/projects/{projectId}/members/{Uri.EscapeDataString(username)}";

        Assert.Equal(HttpStatusCode.Created, (await alice.PostAsJsonAsync($"/api/reviews/projects/{projectId}/members", new { username, role = "reviewer" })).StatusCode);
        var changed = await alice.PutAsJsonAsync(route, new { role = "methodologist" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("methodologist", (await Json(changed)).EnumerateArray().Single(m => m.GetProperty("username").GetString() == username).GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.OK, (await alice.DeleteAsync(route)).StatusCode);
        Assert.Equal(["alice"], await MemberNamesAsync(projectId));
    }

    [Fact]
    public async Task The_longest_allowed_username_of_100_characters_is_added_and_removed()
    {
        var projectId = await ProjectAsync();
        var username = new string('b', 100);
        var alice = standalone.As("alice");
        Assert.Equal(HttpStatusCode.Created, (await alice.PostAsJsonAsync($"/api/reviews/projects/{projectId}/members", new { username, role = "observer" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await alice.DeleteAsync($"/api/reviews/projects/{projectId}/members/{username}")).StatusCode);
    }

    [Fact]
    public async Task A_signed_in_user_whose_username_a_route_cannot_address_cannot_create_a_project_and_so_become_its_lead()
    {
        var response = await standalone.As("team/ana").PostAsJsonAsync("/api/reviews/projects", new { title = "Unreachable lead" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Json(response);
        Assert.Equal("username", problem.GetProperty("field").GetString());
        Assert.Contains("letters, digits and . _ - @ + |", problem.GetProperty("detail").GetString());
        Assert.Empty((await Json(await standalone.As("team/ana").GetAsync("/api/reviews/projects"))).EnumerateArray());
    }

    [Fact]
    public async Task Members_added_before_the_rule_with_a_slash_or_dots_are_changed_and_removed_by_their_escaped_name()
    {
        var projectId = await ProjectAsync();
        using (var scope = standalone.Host.Services.CreateScope())
        {
            // What the API let in before usernames were checked.
            var projects = scope.ServiceProvider.GetRequiredService<ProjectRepository>();
            var (project, version) = (await projects.FindAsync(projectId, CancellationToken.None))!.Value;
            var now = DateTimeOffset.UtcNow;
            var legacy = project with
            {
                Members = [.. project.Members, new Member("legacy/ana", "reviewer", now), new Member("..", "observer", now)],
                MembershipVersion = project.MembershipVersion + 2,
            };
            await projects.SaveAsync(legacy, version,
            [
                new MemberJoined { ProjectId = projectId, Username = "legacy/ana", Role = "reviewer", MembershipVersion = project.MembershipVersion + 1 },
                new MemberJoined { ProjectId = projectId, Username = "..", Role = "observer", MembershipVersion = project.MembershipVersion + 2 },
            ], CancellationToken.None);
        }

        var alice = standalone.As("alice");
        var members = $"/api/reviews/projects/{projectId}/members";
        // '/' escaped once: servers leave %2F in the path, so the route gets it still escaped.
        var changed = await alice.PutAsJsonAsync($"{members}/legacy%2Fana", new { role = "methodologist" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("methodologist", (await Json(changed)).EnumerateArray().Single(m => m.GetProperty("username").GetString() == "legacy/ana").GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.OK, (await alice.DeleteAsync($"{members}/legacy%2Fana")).StatusCode);
        // ".." escaped twice: once is decoded and dropped as a dot segment before routing.
        Assert.Equal(HttpStatusCode.OK, (await alice.DeleteAsync($"{members}/%252E%252E")).StatusCode);
        Assert.Equal(["alice"], await MemberNamesAsync(projectId));
    }

    [Fact]
    public async Task A_configured_user_whose_username_a_route_cannot_address_stops_the_reviews_host_at_start()
    {
        var settings = TestTokens.HostSettings();
        settings["Storage:DataDirectory"] = Directory.CreateTempSubdirectory("evsys-usernames-").FullName;
        settings["Auth:Users:0:Username"] = "alice";
        settings["Auth:Users:0:PasswordHash"] = PasswordHash.Create("pw", 1_000);
        settings["Auth:Users:1:Username"] = "team/ana";
        settings["Auth:Users:1:PasswordHash"] = PasswordHash.Create("pw", 1_000);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            RunningHost.StartAsync((args, configure) => ServiceHost.Create(args, b => b.AddReviews(), a => a.MapReviews(), configure), settings));

        Assert.Contains("Auth:Users:1:Username", refused.Message);
        Assert.Contains("team/ana", refused.Message);
        Assert.Contains("letters, digits and . _ - @ + |", refused.Message);
    }

    [Theory]
    [InlineData("deploy/Standalone/appsettings.json")]
    [InlineData("services/Reviews/Host/appsettings.json")]
    public void The_shipped_demo_users_have_allowed_usernames(string settingsFile)
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, settingsFile)));
        var usernames = settings.RootElement.GetProperty("Auth").GetProperty("Users").EnumerateArray().Select(u => u.GetProperty("Username").GetString()!).ToList();
        Assert.Equal(["alice", "bob", "carol", "dana", "erin"], usernames);
        Assert.All(usernames, username => Assert.Null(Usernames.Refusal(username)));
    }
}

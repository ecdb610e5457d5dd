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
/// reachable by their escaped form. Names are matched exactly, so one that differs from a member
/// (or another configured user) only in letter case is refused, naming the spelling that is there.
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

    /// <summary>Members saved straight to the store, past the endpoint's checks, with the events the API sends.</summary>
    private async Task StoreMembersAsync(Guid projectId, params (string Username, string Role)[] members)
    {
        using var scope = standalone.Host.Services.CreateScope();
        var projects = scope.ServiceProvider.GetRequiredService<ProjectRepository>();
        var (project, version) = (await projects.FindAsync(projectId, CancellationToken.None))!.Value;
        var now = DateTimeOffset.UtcNow;
        var stored = project with
        {
            Members = [.. project.Members, .. members.Select(m => new Member(m.Username, m.Role, now))],
            MembershipVersion = project.MembershipVersion + members.Length,
        };
        await projects.SaveAsync(stored, version,
            [.. members.Select((m, i) => new MemberJoined { ProjectId = projectId, Username = m.Username, Role = m.Role, MembershipVersion = project.MembershipVersion + 1 + i })],
            CancellationToken.None);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string field, string detail)
    {
        Assert.Equal(status, response.StatusCode);
        var problem = await Json(response);
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Equal(detail, problem.GetProperty("detail").GetString());
    }

    /// <summary>What starting the reviews host with these configured users (password "pw") throws.</summary>
    private static Task<InvalidOperationException> StartingWithUsersAsync(params string[] usernames)
    {
        var settings = TestTokens.HostSettings();
        settings["Storage:DataDirectory"] = Directory.CreateTempSubdirectory("evsys-usernames-").FullName;
        for (var i = 0; i < usernames.Length; i++)
        {
            settings[$"Auth:Users:{i}:Username"] = usernames[i];
            settings[$"Auth:Users:{i}:PasswordHash"] = PasswordHash.Create("pw", 1_000);
        }

        return Assert.ThrowsAsync<InvalidOperationException>(() =>
            RunningHost.StartAsync((args, configure) => ServiceHost.Create(args, b => b.AddReviews(), a => a.MapReviews(), configure), settings));
    }

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
        // What the API let in before usernames were checked.
        await StoreMembersAsync(projectId, ("legacy/ana", "reviewer"), ("..", "observer"));

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
        var refused = await StartingWithUsersAsync("alice", "team/ana");

        Assert.Contains("Auth:Users:1:Username", refused.Message);
        Assert.Contains("team/ana", refused.Message);
        Assert.Contains("letters, digits and . _ - @ + |", refused.Message);
    }

    [Theory]
    [InlineData("Ana.Lopez@uni.edu")]
    [InlineData("ANA.LOPEZ@UNI.EDU")]
    public async Task Adding_a_username_that_differs_from_a_member_only_in_letter_case_is_refused_naming_the_members_spelling(string username)
    {
        var projectId = await ProjectAsync();
        var alice = standalone.As("alice");
        Assert.Equal(HttpStatusCode.Created, (await alice.PostAsJsonAsync($"/api/reviews/projects/{projectId}/members", new { username = "ana.lopez@uni.edu", role = "reviewer" })).StatusCode);

        var response = await alice.PostAsJsonAsync($"/api/reviews/projects/{projectId}/members", new { username, role = "observer" });

        await AssertProblemAsync(response, HttpStatusCode.Conflict, "username", "'ana.lopez@uni.edu' is already a member; usernames are matched exactly, so use that spelling.");
        Assert.Equal(["alice", "ana.lopez@uni.edu"], await MemberNamesAsync(projectId));
    }

    [Fact]
    public async Task Adding_the_leads_name_in_other_letter_case_is_refused_naming_the_leads_spelling()
    {
        var projectId = await ProjectAsync();

        var response = await standalone.As("alice").PostAsJsonAsync($"/api/reviews/projects/{projectId}/members", new { username = "Alice", role = "reviewer" });

        await AssertProblemAsync(response, HttpStatusCode.Conflict, "username", "'alice' is already a member; usernames are matched exactly, so use that spelling.");
        Assert.Equal(["alice"], await MemberNamesAsync(projectId));
    }

    [Fact]
    public async Task Adding_an_exact_member_again_is_still_the_conflict_that_points_to_changing_their_role()
    {
        var projectId = await ProjectAsync();
        var alice = standalone.As("alice");
        Assert.Equal(HttpStatusCode.Created, (await alice.PostAsJsonAsync($"/api/reviews/projects/{projectId}/members", new { username = "ana.lopez@uni.edu", role = "reviewer" })).StatusCode);

        var response = await alice.PostAsJsonAsync($"/api/reviews/projects/{projectId}/members", new { username = "ana.lopez@uni.edu", role = "observer" });

        await AssertProblemAsync(response, HttpStatusCode.Conflict, "username", "ana.lopez@uni.edu is already a member; change their role with PUT .../members/ana.lopez@uni.edu.");
        Assert.Equal(["alice", "ana.lopez@uni.edu"], await MemberNamesAsync(projectId));
    }

    [Fact]
    public async Task Changing_or_removing_a_member_by_another_letter_case_is_a_not_found_naming_the_members_spelling_and_changes_nothing()
    {
        var projectId = await ProjectAsync();
        var alice = standalone.As("alice");
        Assert.Equal(HttpStatusCode.Created, (await alice.PostAsJsonAsync($"/api/reviews/projects/{projectId}/members", new { username = "ana.lopez@uni.edu", role = "reviewer" })).StatusCode);
        var otherCase = $"/api/reviews/projects/{projectId}/members/{Uri.EscapeDataString("Ana.Lopez@uni.edu")}";
        const string detail = "Ana.Lopez@uni.edu is not a member of this project; 'ana.lopez@uni.edu' is, and usernames are matched exactly, so use that spelling.";

        await AssertProblemAsync(await alice.PutAsJsonAsync(otherCase, new { role = "methodologist" }), HttpStatusCode.NotFound, "username", detail);
        await AssertProblemAsync(await alice.DeleteAsync(otherCase), HttpStatusCode.NotFound, "username", detail);

        var members = (await Json(await alice.GetAsync($"/api/reviews/projects/{projectId}/members"))).EnumerateArray()
            .Select(m => (m.GetProperty("username").GetString(), m.GetProperty("role").GetString())).ToList();
        Assert.Equal([("alice", "lead"), ("ana.lopez@uni.edu", "reviewer")], members);
    }

    [Fact]
    public async Task A_project_that_took_two_spellings_before_the_refusal_keeps_both_and_its_answers_name_both()
    {
        var projectId = await ProjectAsync();
        // What the API let in before a name in another letter case was refused.
        await StoreMembersAsync(projectId, ("Ana", "reviewer"), ("ana", "observer"));

        var alice = standalone.As("alice");
        await AssertProblemAsync(await alice.PostAsJsonAsync($"/api/reviews/projects/{projectId}/members", new { username = "ANA", role = "reviewer" }),
            HttpStatusCode.Conflict, "username", "'Ana' or 'ana' is already a member; usernames are matched exactly, so use that spelling.");
        await AssertProblemAsync(await alice.DeleteAsync($"/api/reviews/projects/{projectId}/members/ANA"),
            HttpStatusCode.NotFound, "username", "ANA is not a member of this project; 'Ana' or 'ana' is, and usernames are matched exactly, so use that spelling.");
        Assert.Equal(["alice", "Ana", "ana"], await MemberNamesAsync(projectId));

        // Each is still addressed by its exact name.
        Assert.Equal(HttpStatusCode.OK, (await alice.DeleteAsync($"/api/reviews/projects/{projectId}/members/ana")).StatusCode);
        Assert.Equal(["alice", "Ana"], await MemberNamesAsync(projectId));
    }

    [Fact]
    public async Task Changing_a_username_no_member_has_in_any_letter_case_is_the_plain_not_found()
    {
        var projectId = await ProjectAsync();

        var response = await standalone.As("alice").PutAsJsonAsync($"/api/reviews/projects/{projectId}/members/nobody", new { role = "observer" });

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "username", "nobody is not a member of this project.");
    }

    [Fact]
    public async Task Configured_users_whose_usernames_differ_only_in_letter_case_stop_the_reviews_host_at_start()
    {
        var refused = await StartingWithUsersAsync("Ana.Lopez@uni.edu", "bob", "ana.lopez@uni.edu");

        Assert.Contains("Auth:Users:0:Username 'Ana.Lopez@uni.edu'", refused.Message);
        Assert.Contains("Auth:Users:2:Username 'ana.lopez@uni.edu'", refused.Message);
        Assert.DoesNotContain("bob", refused.Message);
    }

    [Fact]
    public async Task A_configured_user_listed_twice_stops_the_reviews_host_at_start()
    {
        // Sign-in reads the first entry, so the second one's password would never work and the
        // operator who set it would not know why.
        var refused = await StartingWithUsersAsync("carol", "bob", "carol");

        Assert.Contains("Auth:Users:0:Username and Auth:Users:2:Username are both 'carol'", refused.Message);
        Assert.DoesNotContain("bob", refused.Message);
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

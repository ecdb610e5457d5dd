using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EvSysReview.TestSupport;

namespace EvSysReview.Integration.Tests;

/// <summary>Team changes made in the reviews service take effect in another service through the broker.</summary>
public sealed class MembershipPropagationTests : IAsyncLifetime
{
    private readonly BrokerHosts _hosts = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => Broker.DeleteQueuesAsync(_hosts.QueuePrefix);

    private static async Task<string?> RoleInScreeningAsync(RunningHost screening, Guid projectId, string username)
    {
        var response = await screening.Client(TestTokens.Valid("alice")).GetAsync($"/api/screening/projects/{projectId}/status");
        if (!response.IsSuccessStatusCode) return null;
        var members = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("members");
        return members.EnumerateArray().Where(m => m.GetProperty("username").GetString() == username).Select(m => m.GetProperty("role").GetString()).FirstOrDefault();
    }

    [BrokerFact]
    public async Task Adding_changing_and_removing_a_member_reaches_screening_and_removal_hides_the_project_there()
    {
        await using var reviews = await _hosts.StartReviewsAsync();
        await using var screening = await _hosts.StartScreeningAsync();
        var alice = reviews.Client(TestTokens.Valid("alice"));
        var projectId = (await (await alice.PostAsJsonAsync("/api/reviews/projects", new { title = "team over the broker" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        (await alice.PostAsJsonAsync($"/api/reviews/projects/{projectId}/members", new { username = "bob", role = "reviewer" })).EnsureSuccessStatusCode();
        await Eventually.HoldsAsync(async () => await RoleInScreeningAsync(screening, projectId, "bob") == "reviewer", "screening sees bob as reviewer");
        var bobInScreening = screening.Client(TestTokens.Valid("bob"));
        Assert.Equal(HttpStatusCode.OK, (await bobInScreening.GetAsync($"/api/screening/projects/{projectId}/status")).StatusCode);

        (await alice.PutAsJsonAsync($"/api/reviews/projects/{projectId}/members/bob", new { role = "observer" })).EnsureSuccessStatusCode();
        await Eventually.HoldsAsync(async () => await RoleInScreeningAsync(screening, projectId, "bob") == "observer", "screening sees bob's new role");

        (await alice.DeleteAsync($"/api/reviews/projects/{projectId}/members/bob")).EnsureSuccessStatusCode();
        await Eventually.HoldsAsync(async () => (await bobInScreening.GetAsync($"/api/screening/projects/{projectId}/status")).StatusCode == HttpStatusCode.NotFound, "screening hides the project from bob");
        Assert.Null(await RoleInScreeningAsync(screening, projectId, "bob"));
    }
}

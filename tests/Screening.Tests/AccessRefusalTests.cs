using System.Net;
using System.Net.Http.Json;
using EvSysReview.ServiceDefaults.Security;
using static EvSysReview.Screening.Tests.ScreeningProjects;

namespace EvSysReview.Screening.Tests;

[Collection(ScreeningCollection.Name)]
public sealed class AccessRefusalTests(ScreeningHost host)
{
    private static readonly (string, string)[] Team = [("ana", ProjectRoles.Reviewer), ("meg", ProjectRoles.Methodologist), ("olga", ProjectRoles.Observer)];

    [Fact]
    public async Task Observers_do_not_decide_reviewers_do_not_adjudicate_and_non_members_learn_nothing()
    {
        var projectId = await host.CreateProjectAsync("lead", Team);
        var itemId = ScreeningHost.TitleAbstract((await host.ImportAsync(projectId, Citation("Guarded")))[0]);
        var project = ScreeningApi.Project(projectId);

        Assert.Equal(HttpStatusCode.Forbidden, (await host.As("olga").DecideAsync(projectId, itemId, "include")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.As("ana").GetAsync($"{project}/conflicts")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.As("ana").ResolveAsync(projectId, itemId, "include", "no")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.As("meg").PutAsJsonAsync($"{project}/automation", new { enabled = true, threshold = 0.1 })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.As("meg").PostAsJsonAsync($"{project}/items/{itemId}/retraction-override", new { note = "keep" })).StatusCode);
        foreach (var path in new[] { $"{project}/next", $"{project}/items/{itemId}", $"{project}/statistics", $"{project}/conflicts" })
            Assert.Equal(HttpStatusCode.NotFound, (await host.As("mallory").GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.As("mallory").DecideAsync(projectId, itemId, "include")).StatusCode);

        // Statistics are for every member; an observer reads records but holds no reservation.
        Assert.Equal(HttpStatusCode.OK, (await host.As("olga").GetAsync($"{project}/statistics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.As("olga").NextAsync(projectId)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.As("ana").DecideAsync(projectId, Guid.NewGuid(), "include")).StatusCode);
        // Nothing to resolve: the item has no conflict.
        var noConflict = await host.As("meg").ResolveAsync(projectId, itemId, "include", "no conflict here");
        Assert.Equal(HttpStatusCode.Conflict, noConflict.StatusCode);
    }
}

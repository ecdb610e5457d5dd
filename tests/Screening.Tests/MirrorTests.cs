using System.Net;
using System.Net.Http.Json;
using EvSysReview.Screening.Core.Decisions;
using EvSysReview.Screening.Core.Protocol;
using EvSysReview.Screening.Items;
using EvSysReview.ServiceDefaults.Security;
using EvSysReview.ServiceDefaults.Storage;
using EvSysReview.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static EvSysReview.Screening.Tests.ScreeningProjects;

namespace EvSysReview.Screening.Tests;

/// <summary>
/// On SQLite (only this host writes the file) commands start from in-memory mirrors of the store
/// instead of reading it: the queue's copy of each item, and each project's settings. What a mirror
/// has not seen must not be lost or ignored.
/// </summary>
[Collection(ScreeningCollection.Name)]
public sealed class MirrorTests(ScreeningHost host)
{
    private static readonly (string, string)[] Team = [("ana", ProjectRoles.Reviewer), ("ben", ProjectRoles.Reviewer)];

    // A decision starts from the queue's mirror of the item (the store is SQLite, only this host
    // writes it). Here a write reached the store without passing through the mirror, as a consumer's
    // commit does for a moment before it is mirrored: ana's decision. ben's decision must not start
    // from the mirror's older item and overwrite it; the conditional write refuses that, and the
    // command runs again on the stored item.
    [Fact]
    public async Task A_decision_started_from_a_stale_mirror_is_applied_on_the_stored_item_and_loses_nothing()
    {
        var projectId = await host.CreateProjectAsync("lead", Team);
        var itemId = ScreeningHost.TitleAbstract((await host.ImportAsync(projectId, Citation("Mirrored")))[0]);
        var repository = host.Repository();
        await repository.QueueAsync(projectId, default);
        var before = (await repository.ItemAsync(projectId, itemId, default))!;
        Assert.Equal(before.Version, repository.MirroredItem(projectId, itemId)!.Version);

        var decided = before.Value.Item.Decide(new ScreeningDecision("ana", DecisionKind.Include, null, null, DateTimeOffset.UtcNow), new ScreeningProtocol { ReviewersPerItem = 2 });
        var store = host.Host.Services.GetRequiredService<ModuleStore<ScreeningModule>>();
        await store.CommitAsync(new UnitOfWork().Put(ItemDocument.Collection, ItemDocument.Key(projectId, itemId), projectId.ToString("N"), before.Value with { Item = decided.Item }, before.Version));
        Assert.Equal(before.Version, repository.MirroredItem(projectId, itemId)!.Version);

        var response = await host.As("ben").DecideAsync(projectId, itemId, "include");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = (await repository.ItemAsync(projectId, itemId, default))!;
        Assert.Equal(["ana", "ben"], stored.Value.Item.Decisions.Select(d => d.ReviewerId));
        Assert.Equal((before.Version + 2, ItemStatus.Final), (stored.Version, stored.Value.Item.Status));
        Assert.Equal(stored.Version, repository.MirroredItem(projectId, itemId)!.Version);
    }

    // Decisions take the protocol from the settings mirror; a protocol published later reaches it
    // through the consumer's commit, and the very next decision runs under it: one reviewer now
    // makes an item final where two were needed before.
    [Fact]
    public async Task A_protocol_published_after_the_settings_were_mirrored_governs_the_next_decision()
    {
        var projectId = await host.CreateProjectAsync("lead", Team, reviewersPerRecord: 2);
        var records = await host.ImportAsync(projectId, Citation("Under two reviewers"), Citation("Under one reviewer"));
        var first = await host.As("ana").DecideAsync(projectId, ScreeningHost.TitleAbstract(records[0]), "exclude");
        Assert.Equal("open", (await first.JsonAsync()).GetProperty("status").GetString());
        var version = (await host.Repository().SettingsAsync(projectId, default)).ProtocolVersion;

        await host.PublishAsync(ScreeningProjects.Protocol(projectId, version + 1, reviewersPerRecord: 1));
        await Eventually.HoldsAsync(async () => (await host.Repository().SettingsAsync(projectId, default)).ProtocolVersion == version + 1, "the settings mirror took the new protocol");
        var second = await host.As("ana").DecideAsync(projectId, ScreeningHost.TitleAbstract(records[1]), "exclude");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var stored = (await host.Repository().ItemAsync(projectId, ScreeningHost.TitleAbstract(records[1]), default))!.Value.Item;
        Assert.Equal((ItemStatus.Final, 1), (stored.Status, stored.Decisions.Count));
    }

    // The access check takes memberships from a mirror that every committed membership write passes
    // through. ana and ben were checked (and mirrored) as reviewers; once screening's own store holds
    // the team change (its status endpoint reads the store), the very next request must see it.
    [Fact]
    public async Task A_reviewer_made_observer_or_removed_is_refused_on_the_next_request_after_the_change_is_stored()
    {
        var projectId = await host.CreateProjectAsync("lead", Team);
        var records = await host.ImportAsync(projectId, Citation("Access one"), Citation("Access two"));
        Assert.Equal(HttpStatusCode.OK, (await host.As("ana").NextAsync(projectId)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.As("ben").NextAsync(projectId)).StatusCode);
        var store = host.Host.Services.GetRequiredService<ModuleStore<ScreeningModule>>();
        Assert.Equal(ProjectRoles.Reviewer, store.Memberships.Of(projectId, "ana")?.Role);

        var lead = host.As("lead");
        Assert.Equal(HttpStatusCode.OK, (await lead.PutAsJsonAsync($"/api/reviews/projects/{projectId}/members/ana", new { role = ProjectRoles.Observer })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await lead.DeleteAsync($"/api/reviews/projects/{projectId}/members/ben")).StatusCode);
        await Eventually.HoldsAsync(async () =>
        {
            var members = (await (await lead.GetAsync($"/api/screening/projects/{projectId}/status")).JsonAsync()).GetProperty("members").EnumerateArray()
                .Select(m => (m.GetProperty("username").GetString(), m.GetProperty("role").GetString())).ToList();
            return members.Contains(("ana", ProjectRoles.Observer)) && !members.Any(m => m.Item1 == "ben");
        }, "screening's store holds ana as observer and ben gone");

        Assert.Equal(HttpStatusCode.Forbidden, (await host.As("ana").DecideAsync(projectId, ScreeningHost.TitleAbstract(records[0]), "include")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.As("ben").NextAsync(projectId)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await host.As("ben").DecideAsync(projectId, ScreeningHost.TitleAbstract(records[1]), "include")).StatusCode);
    }
}

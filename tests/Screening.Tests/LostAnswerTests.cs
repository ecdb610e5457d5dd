using System.Net;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Security;
using EvSysReview.ServiceDefaults.Storage;
using Microsoft.Extensions.DependencyInjection;
using static EvSysReview.Screening.Tests.ScreeningProjects;

namespace EvSysReview.Screening.Tests;

/// <summary>
/// The host as registered (AddServiceDefaults, the screening module's store): a decision sent with
/// an Idempotency-Key marks itself applied in the screening database, so a retry after its answer
/// was lost (a crash between the decision's commit and the answer's commit to the idempotency
/// database) is refused instead of run a second time.
/// </summary>
[Collection(ScreeningCollection.Name)]
public sealed class LostAnswerTests(ScreeningHost host)
{
    [Fact]
    public async Task A_decision_whose_answer_was_lost_is_not_applied_again_by_its_retry()
    {
        var projectId = await host.CreateProjectAsync("lead", [("ana", ProjectRoles.Reviewer), ("ben", ProjectRoles.Reviewer)]);
        var itemId = ScreeningHost.TitleAbstract((await host.ImportAsync(projectId, Citation("Answer lost")))[0]);
        var key = Guid.NewGuid().ToString();
        var decided = await host.As("ana").DecideAsync(projectId, itemId, "include", idempotencyKey: key);
        var version = (await host.Repository().ItemAsync(projectId, itemId, default))!.Version;

        // What the crash loses: the key's answer, committed after the decision to another database.
        var answers = host.Host.Services.GetRequiredService<ModuleStore<IdempotencyModule>>();
        var recordId = IdempotencyRecord.IdFor("ana", key);
        var record = (await answers.GetAsync(IdempotencyRecord.Collection, recordId))!;
        await answers.CommitAsync(new UnitOfWork().Delete(IdempotencyRecord.Collection, recordId, "ana", record.Version));

        var retried = await host.As("ana").DecideAsync(projectId, itemId, "include", idempotencyKey: key);

        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, retried.StatusCode);
        Assert.Contains("was applied, but its response was not kept", await retried.Content.ReadAsStringAsync());
        // Run again, the decision would have been written again (the item's version one higher).
        Assert.Equal(version, (await host.Repository().ItemAsync(projectId, itemId, default))!.Version);
    }
}

using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Security;
using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.Reviews.Projects;

/// <summary>
/// The queries the reviews service needs. A project change is saved with its events and, in the
/// same commit, the membership read model and the per-user project index.
/// </summary>
public sealed class ProjectRepository(ModuleStore<ReviewsModule> store, OutboxSignal<ReviewsModule> signal)
{
    private const string UserIndex = "user-projects";

    public async Task<(Project Project, long Version)?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(Project.Collection, id.ToString("N"), cancellationToken);
        return stored is null ? null : (StoreJson.Read<Project>(stored), stored.Version);
    }

    public async Task<IReadOnlyList<Project>> ForUserAsync(string username, CancellationToken cancellationToken)
    {
        var index = await store.ListAsync(UserIndex, username, cancellationToken);
        var projects = new List<Project>();
        foreach (var entry in index)
        {
            var found = await FindAsync(Guid.Parse(StoreJson.Read<string>(entry)), cancellationToken);
            if (found is { } f && f.Project.FindMember(username) is not null) projects.Add(f.Project);
        }

        return projects;
    }

    /// <param name="expectedVersion">0 for a new project.</param>
    public async Task<long> SaveAsync(Project project, long expectedVersion, IEnumerable<Contracts.IntegrationEvent> events, CancellationToken cancellationToken)
    {
        var id = project.Id.ToString("N");
        var work = new UnitOfWork().Put(Project.Collection, id, id, project, expectedVersion);
        foreach (var member in project.Members)
        {
            work.Put(Membership.Collection, Membership.Key(project.Id, member.Username), id, new Membership(project.Id, member.Username, member.Role, project.MembershipVersion), null);
            work.Put(UserIndex, $"{member.Username}:{id}", member.Username, project.Id.ToString(), null);
        }

        foreach (var integrationEvent in events)
        {
            work.Publish(integrationEvent);
            if (integrationEvent is Contracts.Reviews.MemberLeft left)
            {
                work.Put(Membership.Collection, Membership.Key(project.Id, left.Username), id, new Membership(project.Id, left.Username, null, project.MembershipVersion), null);
                work.Delete(UserIndex, $"{left.Username}:{id}", left.Username, null);
            }
        }

        await store.CommitAsync(work, cancellationToken);
        signal.Notify();
        return expectedVersion + 1;
    }
}

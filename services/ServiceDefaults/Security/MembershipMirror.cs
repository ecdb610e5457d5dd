using System.Collections.Concurrent;
using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.ServiceDefaults.Security;

/// <summary>
/// A module's memberships as last committed, for a store only this process writes (SQLite): every
/// request's access check read and parsed one membership document, a store read per request for a
/// document that changes when the team does. ModuleStore passes every committed membership write
/// here (whoever wrote it: the membership consumers, the reviews service's own project saves), and
/// ProjectAccess offers what it reads from the store. Entries are ordered by the project's
/// membership version, so a slow read never puts an older role back over a newer change; a member
/// who left stays as an entry without a role, so the refusal is mirrored too. Absent memberships are
/// not kept: any signed-in user can ask about any project id, and that must not grow the mirror.
/// </summary>
public sealed class MembershipMirror
{
    private readonly ConcurrentDictionary<string, Membership> _memberships = new();

    public Membership? Of(Guid projectId, string username) => _memberships.GetValueOrDefault(Membership.Key(projectId, username));

    /// <summary>Keeps <paramref name="membership"/> unless a change at the same or a later membership version is already here.</summary>
    public void Offer(Membership membership) =>
        _memberships.AddOrUpdate(
            Membership.Key(membership.ProjectId, membership.Username),
            static (_, offered) => offered,
            static (_, known, offered) => known.Version >= offered.Version ? known : offered,
            membership);

    /// <summary>Applies the membership writes of a committed unit of work.</summary>
    public void Follow(UnitOfWork work)
    {
        foreach (var write in work.Writes)
        {
            if (write.Collection != Membership.Collection) continue;
            if (write.Value is Membership membership) Offer(membership);
            // A write without its value (a delete, or JSON written directly): forget the entry, so
            // the next check reads the store.
            else _memberships.TryRemove(write.Id, out _);
        }
    }
}

using EvSysReview.Screening.Core.Decisions;
using EvSysReview.Screening.Core.Protocol;
using EvSysReview.Screening.Core.Queue;

namespace EvSysReview.Screening.Queue;

/// <summary>
/// The brief reservations `next` hands out, per project. Kept in memory: a lease lives minutes, and
/// losing them on a restart only means an item may be served to one reader more than needed (the
/// decision rule still refuses a decision beyond the protocol's count). Selection and leasing run
/// under the project's lock, so two reviewers asking at once see each other's lease.
/// </summary>
public sealed class LeaseBook
{
    private readonly Dictionary<Guid, List<ItemLease>> _leases = [];

    public QueueAssignment? Select(Guid projectId, string reviewerId, IReadOnlyList<ScreeningItem> ranked, ScreeningProtocol protocol, bool reserve, DateTimeOffset now)
    {
        lock (_leases)
        {
            if (!_leases.TryGetValue(projectId, out var leases)) _leases[projectId] = leases = [];
            leases.RemoveAll(l => !l.IsActiveAt(now));
            var assignment = NextItemSelector.SelectNext(reviewerId, ranked, leases, protocol, now);
            if (assignment is not null && reserve)
            {
                leases.RemoveAll(l => l.ItemId == assignment.Lease.ItemId && l.ReviewerId == reviewerId);
                leases.Add(assignment.Lease);
            }

            return assignment;
        }
    }

    /// <summary>A withdrawal ends the reviewer's reservation of the item (the undo puts the item back in their hands through the UI, not the queue).</summary>
    public void Release(Guid projectId, Guid itemId, string reviewerId)
    {
        lock (_leases)
        {
            if (_leases.TryGetValue(projectId, out var leases)) leases.RemoveAll(l => l.ItemId == itemId && l.ReviewerId == reviewerId);
        }
    }
}

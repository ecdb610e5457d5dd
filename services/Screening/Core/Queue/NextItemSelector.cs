using EvSysReview.Screening.Core.Decisions;
using EvSysReview.Screening.Core.Protocol;

namespace EvSysReview.Screening.Core.Queue;

/// <summary>The item `next` serves to a reviewer, and the lease that reserves it.</summary>
public sealed record QueueAssignment(ScreeningItem Item, ItemLease Lease);

/// <summary>
/// Picks the next item for a reviewer: one they have not decided, that still needs decisions,
/// in ranking order, not already reserved by as many other reviewers as it still needs.
/// </summary>
public static class NextItemSelector
{
    /// <param name="rankedItems">Open items of one stage, best first (see RelevanceRanker).</param>
    /// <param name="leases">Leases the service holds; expired ones are ignored.</param>
    /// <returns>null when nothing is left for this reviewer.</returns>
    public static QueueAssignment? SelectNext(
        string reviewerId,
        IEnumerable<ScreeningItem> rankedItems,
        IEnumerable<ItemLease> leases,
        ScreeningProtocol protocol,
        DateTimeOffset now)
    {
        var active = leases.Where(l => l.IsActiveAt(now)).ToList();
        var activeLeases = active.ToLookup(l => l.ItemId);
        var heldIds = active.Where(l => l.ReviewerId == reviewerId).Select(l => l.ItemId).ToHashSet();

        // One lazy pass in ranking order: a reviewer who asks again (refresh, second tab) gets the
        // item they already hold; otherwise the first item with room. Without a held lease the pass
        // stops at that first item, so a long queue costs only what precedes it.
        ScreeningItem? chosen = null;
        foreach (var item in rankedItems)
        {
            if (!NeedsDecisionFrom(item, reviewerId)) continue;
            if (heldIds.Contains(item.ItemId))
            {
                chosen = item;
                break;
            }

            if (chosen is null && HasRoomFor(item, activeLeases[item.ItemId], protocol))
            {
                chosen = item;
                if (heldIds.Count == 0) break;
            }
        }

        return chosen is null ? null : new QueueAssignment(chosen, new ItemLease(chosen.ItemId, reviewerId, now + protocol.LeaseDuration));
    }

    private static bool NeedsDecisionFrom(ScreeningItem item, string reviewerId) =>
        item.Status == ItemStatus.AwaitingDecisions && item.DecisionOf(reviewerId) is null;

    private static bool HasRoomFor(ScreeningItem item, IEnumerable<ItemLease> activeLeases, ScreeningProtocol protocol)
    {
        // A lease by someone who has since decided no longer reserves a place.
        var reading = activeLeases.Count(l => item.DecisionOf(l.ReviewerId) is null);
        return item.Decisions.Count + reading < protocol.ReviewersPerItem;
    }
}

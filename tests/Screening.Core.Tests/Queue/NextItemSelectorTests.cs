using EvSysReview.Screening.Core.Decisions;
using EvSysReview.Screening.Core.Queue;
using static EvSysReview.Screening.Core.Tests.Decisions.ScreeningItemFixture;

namespace EvSysReview.Screening.Core.Tests.Queue;

public sealed class NextItemSelectorTests
{
    private static readonly DateTimeOffset Now = Start.AddHours(2);

    private readonly ScreeningItem first = TitleAbstract("pmid:1");
    private readonly ScreeningItem second = TitleAbstract("pmid:2");
    private readonly ScreeningItem third = TitleAbstract("pmid:3");

    private IReadOnlyList<ScreeningItem> Ranked => [first, second, third];

    [Fact]
    public void Serves_the_best_ranked_item_with_a_lease_of_the_protocol_length()
    {
        var assignment = NextItemSelector.SelectNext("ana", Ranked, [], Dual, Now)!;

        Assert.Same(first, assignment.Item);
        Assert.Equal(new ItemLease(first.ItemId, "ana", Now + Dual.LeaseDuration), assignment.Lease);
    }

    [Fact]
    public void Skips_items_the_reviewer_has_decided()
    {
        var decided = first.Decided(Dual, Include("ana"));

        var assignment = NextItemSelector.SelectNext("ana", [decided, second, third], [], Dual, Now)!;

        Assert.Same(second, assignment.Item);
    }

    [Fact]
    public void Dual_screening_serves_an_item_to_two_readers_at_once_but_not_three()
    {
        var leases = new List<ItemLease>();
        foreach (var reviewer in new[] { "ana", "ben" })
        {
            leases.Add(NextItemSelector.SelectNext(reviewer, Ranked, leases, Dual, Now)!.Lease);
        }

        var forCy = NextItemSelector.SelectNext("cy", Ranked, leases, Dual, Now)!;

        Assert.Equal([first.ItemId, first.ItemId], leases.Select(l => l.ItemId));
        Assert.Same(second, forCy.Item);
    }

    [Fact]
    public void Single_screening_serves_an_item_being_read_to_nobody_else()
    {
        var anaLease = NextItemSelector.SelectNext("ana", Ranked, [], OneReviewer, Now)!.Lease;

        Assert.Same(second, NextItemSelector.SelectNext("ben", Ranked, [anaLease], OneReviewer, Now)!.Item);
    }

    [Fact]
    public void An_expired_lease_frees_the_item()
    {
        var anaLease = NextItemSelector.SelectNext("ana", Ranked, [], OneReviewer, Now)!.Lease;

        var later = NextItemSelector.SelectNext("ben", Ranked, [anaLease], OneReviewer, anaLease.ExpiresAt)!;

        Assert.Same(first, later.Item);
    }

    [Fact]
    public void A_decided_item_already_counts_with_the_lease_of_the_other_reader()
    {
        var anaDecided = first.Decided(Dual, Exclude("ana"));
        var benLease = new ItemLease(first.ItemId, "ben", Now.AddMinutes(5));
        var staleAnaLease = new ItemLease(first.ItemId, "ana", Now.AddMinutes(5));

        var forCy = NextItemSelector.SelectNext("cy", [anaDecided, second], [benLease, staleAnaLease], Dual, Now)!;

        Assert.Same(second, forCy.Item);
    }

    [Fact]
    public void Asking_again_returns_the_item_already_held_with_a_renewed_lease()
    {
        var held = new ItemLease(third.ItemId, "ana", Now.AddMinutes(1));

        var again = NextItemSelector.SelectNext("ana", Ranked, [held], Dual, Now)!;

        Assert.Same(third, again.Item);
        Assert.Equal(Now + Dual.LeaseDuration, again.Lease.ExpiresAt);
    }

    [Fact]
    public void Conflicts_and_final_items_are_not_served()
    {
        var conflict = first.Decided(Dual, Include("ana"), Exclude("ben"));
        var final = second.Decided(Dual, Include("ana"), Include("ben"));

        Assert.Null(NextItemSelector.SelectNext("cy", [conflict, final], [], Dual, Now));
    }
}

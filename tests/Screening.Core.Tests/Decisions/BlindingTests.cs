using EvSysReview.Screening.Core.Decisions;
using static EvSysReview.Screening.Core.Tests.Decisions.ScreeningItemFixture;

namespace EvSysReview.Screening.Core.Tests.Decisions;

public sealed class BlindingTests
{
    [Fact]
    public void While_the_item_awaits_decisions_a_reviewer_sees_only_their_own()
    {
        var item = TitleAbstract().Decided(Dual, Exclude("ana", "in vitro only"));

        var forBen = item.ViewFor("ben", ScreeningRole.Reviewer);
        var forAna = item.ViewFor("ana", ScreeningRole.Reviewer);

        Assert.Null(forBen.OwnDecision);
        Assert.Empty(forBen.OtherDecisions);
        Assert.True(forBen.OthersHidden);
        Assert.Equal(ViewStatus.Open, forBen.Status);
        Assert.Equal(DecisionKind.Exclude, forAna.OwnDecision!.Kind);
        Assert.Empty(forAna.OtherDecisions);
    }

    [Fact]
    public void A_lead_who_has_not_decided_is_blinded_too_while_the_item_awaits_decisions()
    {
        var item = TitleAbstract().Decided(Dual, Include("ana"));

        Assert.Empty(item.ViewFor("lead", ScreeningRole.Lead).OtherDecisions);
    }

    [Fact]
    public void A_reviewer_in_a_conflict_cannot_tell_it_from_an_open_item()
    {
        var conflict = TitleAbstract().Decided(Dual, Include("ana"), Exclude("ben"));

        var forAna = conflict.ViewFor("ana", ScreeningRole.Reviewer);

        Assert.Equal(ViewStatus.Open, forAna.Status);
        Assert.Empty(forAna.OtherDecisions);
    }

    [Fact]
    public void A_methodologist_sees_both_sides_of_a_conflict()
    {
        var conflict = TitleAbstract().Decided(Dual, Include("ana"), Exclude("ben"));

        var view = conflict.ViewFor("meth", ScreeningRole.Methodologist);

        Assert.Equal(ViewStatus.Conflict, view.Status);
        Assert.Equal(["ana", "ben"], view.OtherDecisions.Select(d => d.ReviewerId));
    }

    [Fact]
    public void Once_final_everyone_sees_every_decision()
    {
        var final = TitleAbstract().Decided(Dual, Include("ana"), Include("ben"));

        var view = final.ViewFor("ana", ScreeningRole.Reviewer);

        Assert.Equal(ViewStatus.Final, view.Status);
        Assert.Equal("ben", Assert.Single(view.OtherDecisions).ReviewerId);
        Assert.False(view.OthersHidden);
    }

    [Fact]
    public void A_retraction_does_not_lift_blinding_on_an_item_still_awaiting_decisions()
    {
        // A lead may override the retraction and the item awaits ben's decision again: he must not have seen ana's.
        var retracted = TitleAbstract().Decided(Dual, Include("ana")).Retract(Start.AddDays(1), Dual).Item;

        var forBen = retracted.ViewFor("ben", ScreeningRole.Reviewer);

        Assert.Equal(ViewStatus.Final, forBen.Status);
        Assert.Empty(forBen.OtherDecisions);
        Assert.True(forBen.OthersHidden);
    }

    [Fact]
    public void A_retraction_does_not_show_a_reviewer_the_other_side_of_a_conflict()
    {
        var retracted = TitleAbstract().Decided(Dual, Include("ana"), Exclude("ben")).Retract(Start.AddDays(1), Dual).Item;

        var forAna = retracted.ViewFor("ana", ScreeningRole.Reviewer);
        var afterOverride = retracted.OverrideRetraction("lead", ScreeningRole.Lead, "retraction notice is for another paper", Start.AddDays(2), Dual).Item;

        Assert.Empty(forAna.OtherDecisions);
        Assert.Equal(ItemStatus.Conflict, afterOverride.Status);
        Assert.Empty(afterOverride.ViewFor("ana", ScreeningRole.Reviewer).OtherDecisions);
    }
}

public sealed class UnblindedProtocolTests
{
    private static readonly Core.Protocol.ScreeningProtocol Unblinded = Dual with { Blinded = false };

    [Fact]
    public void The_template_is_blinded_and_the_protocol_view_of_it_hides_the_other_decision()
    {
        var item = TitleAbstract().Decided(Dual, Include("ana"));

        Assert.True(Dual.Blinded);
        Assert.Empty(item.ViewFor("ben", ScreeningRole.Reviewer, Dual).OtherDecisions);
        Assert.True(item.ViewFor("ben", ScreeningRole.Reviewer, Dual).OthersHidden);
    }

    [Fact]
    public void Without_blinding_a_reviewer_sees_the_other_decision_and_the_conflict_at_once()
    {
        var open = TitleAbstract().Decided(Unblinded, Include("ana"));
        var conflict = open.Decide(Exclude("ben"), Unblinded).Item;

        var forBen = open.ViewFor("ben", ScreeningRole.Reviewer, Unblinded);
        Assert.False(forBen.OthersHidden);
        Assert.Equal("ana", Assert.Single(forBen.OtherDecisions).ReviewerId);
        Assert.Equal(ViewStatus.Open, forBen.Status);
        var inConflict = conflict.ViewFor("ana", ScreeningRole.Reviewer, Unblinded);
        Assert.Equal(ViewStatus.Conflict, inConflict.Status);
        Assert.Equal("ben", Assert.Single(inConflict.OtherDecisions).ReviewerId);
    }
}

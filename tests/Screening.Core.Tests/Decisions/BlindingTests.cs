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
}

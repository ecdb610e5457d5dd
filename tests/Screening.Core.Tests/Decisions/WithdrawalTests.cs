using EvSysReview.Screening.Core.Decisions;
using static EvSysReview.Screening.Core.Tests.Decisions.ScreeningItemFixture;

namespace EvSysReview.Screening.Core.Tests.Decisions;

public sealed class WithdrawalTests
{
    [Fact]
    public void A_withdrawn_decision_leaves_the_item_awaiting_the_reviewer_again()
    {
        var item = TitleAbstract().Decided(Dual, Include("ana"));

        var change = item.Withdraw("ana", Start.AddMinutes(3), Dual);

        Assert.Equal(ItemStatus.AwaitingDecisions, change.Item.Status);
        Assert.Empty(change.Item.Decisions);
        Assert.Equal(2, change.Item.Version);
        var effect = Assert.IsType<DecisionWithdrawnEffect>(Assert.Single(change.Effects));
        Assert.Equal(("ana", DecisionKind.Include, false), (effect.Withdrawn.ReviewerId, effect.Withdrawn.Kind, effect.ConflictClosed));
    }

    [Fact]
    public void Withdrawing_from_a_conflict_closes_it_without_a_resolution_and_keeps_the_other_decision()
    {
        var conflict = TitleAbstract().Decided(Dual, Include("ana"), Exclude("ben"));

        var change = conflict.Withdraw("ben", Start.AddMinutes(3), Dual);

        Assert.Equal(ItemStatus.AwaitingDecisions, change.Item.Status);
        Assert.Equal("ana", Assert.Single(change.Item.Decisions).ReviewerId);
        Assert.True(Assert.IsType<DecisionWithdrawnEffect>(Assert.Single(change.Effects)).ConflictClosed);
        Assert.False(change.Item.HasOpenConflict);
        // Deciding again into agreement makes it final by agreement.
        var agreed = change.Item.Decide(Include("ben", minute: 4), Dual);
        Assert.Equal(new FinalOutcome(DecisionKind.Include, null, FinalBasis.Agreement), agreed.Item.Outcome);
    }

    [Fact]
    public void A_final_item_or_a_reviewer_without_a_decision_cannot_withdraw()
    {
        var final = TitleAbstract().Decided(Dual, Exclude("ana"), Exclude("ben"));
        var open = TitleAbstract().Decided(Dual, Exclude("ana"));

        Assert.Equal("item_final", Assert.Throws<ScreeningRuleException>(() => final.Withdraw("ana", Start, Dual)).Code);
        var none = Assert.Throws<ScreeningRuleException>(() => open.Withdraw("ben", Start, Dual));
        Assert.Equal(("decision", "no_decision"), (none.Field, none.Code));
    }
}

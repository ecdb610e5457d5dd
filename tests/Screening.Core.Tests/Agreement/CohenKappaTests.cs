using EvSysReview.Screening.Core.Agreement;
using EvSysReview.Screening.Core.Decisions;
using static EvSysReview.Screening.Core.Tests.Decisions.ScreeningItemFixture;

namespace EvSysReview.Screening.Core.Tests.Agreement;

/// <summary>
/// Expected values from R 4.2 with vcd 1.4-11 (Debian r-cran-vcd), printed by
/// reference/cohen_kappa_reference.R; psych 2.2.9 cohen.kappa gives the same kappa and bounds.
/// Tables are rows = first reviewer, columns = second reviewer.
/// </summary>
public sealed class CohenKappaTests
{
    private const int Digits = 10;

    [Fact]
    public void Two_by_two_matches_vcd()
    {
        // R: k <- vcd::Kappa(matrix(c(20, 10, 5, 165), nrow = 2)); k$Unweighted; confint(k)
        var estimate = CohenKappa.FromTable(new[,] { { 20, 5 }, { 10, 165 } });

        Assert.Equal(200, estimate.N);
        Assert.Equal(0.684210526316, estimate.Kappa!.Value, Digits);
        Assert.Equal(0.075974042647, estimate.StandardError!.Value, Digits);
        Assert.Equal(0.535304138968, estimate.Lower95!.Value, Digits);
        Assert.Equal(0.833116913664, estimate.Upper95!.Value, Digits);
        Assert.Equal(185.0 / 200, estimate.ObservedAgreement, Digits);
    }

    [Fact]
    public void Three_categories_with_maybe_match_vcd()
    {
        // R: k <- vcd::Kappa(matrix(c(15, 4, 1, 3, 150, 5, 2, 6, 14), nrow = 3)); k$Unweighted; confint(k)
        var estimate = CohenKappa.FromTable(new[,] { { 15, 3, 2 }, { 4, 150, 6 }, { 1, 5, 14 } });

        Assert.Equal(0.697406340058, estimate.Kappa!.Value, Digits);
        Assert.Equal(0.059893188976, estimate.StandardError!.Value, Digits);
        Assert.Equal(0.580017846746, estimate.Lower95!.Value, Digits);
        Assert.Equal(0.814794833370, estimate.Upper95!.Value, Digits);
    }

    [Fact]
    public void A_small_sample_gives_a_wide_interval_matching_vcd()
    {
        // R: k <- vcd::Kappa(matrix(c(3, 1, 2, 4), nrow = 2)); k$Unweighted; confint(k)
        var estimate = CohenKappa.FromTable(new[,] { { 3, 2 }, { 1, 4 } });

        Assert.Equal(0.4, estimate.Kappa!.Value, Digits);
        Assert.Equal(0.283971829589, estimate.StandardError!.Value, Digits);
        Assert.Equal(-0.156574558618, estimate.Lower95!.Value, Digits);
        Assert.Equal(0.956574558618, estimate.Upper95!.Value, Digits);
    }

    [Fact]
    public void Perfect_agreement_has_kappa_one_and_no_spread()
    {
        // R: k <- vcd::Kappa(matrix(c(7, 0, 0, 13), nrow = 2)); confint(k)  -> 1, ASE 0, [1, 1]
        var estimate = CohenKappa.FromTable(new[,] { { 7, 0 }, { 0, 13 } });

        Assert.Equal((1.0, 0.0, 1.0, 1.0), (estimate.Kappa!.Value, estimate.StandardError!.Value, estimate.Lower95!.Value, estimate.Upper95!.Value));
    }

    [Fact]
    public void One_category_used_throughout_leaves_kappa_undefined()
    {
        var estimate = CohenKappa.FromPairs(Enumerable.Repeat(("exclude", "exclude"), 12));

        Assert.Equal(12, estimate.N);
        Assert.Equal(1.0, estimate.ObservedAgreement);
        Assert.Null(estimate.Kappa);
    }

    [Fact]
    public void Reviewer_pairs_are_built_from_current_decisions_on_shared_items()
    {
        // 20 items screened by ana and ben laid out as the two-by-two table scaled down:
        // 4 both include, 1 ana include/ben exclude, 2 ana exclude/ben include, 13 both exclude.
        var items = new List<ScreeningItem>();
        void Add(int count, Func<string, ScreeningDecision> ana, Func<string, ScreeningDecision> ben)
        {
            for (var i = 0; i < count; i++)
            {
                items.Add(TitleAbstract().Decided(Dual, ana("ana"), ben("ben")));
            }
        }

        Add(4, r => Include(r), r => Include(r));
        Add(1, r => Include(r), r => Exclude(r));
        Add(2, r => Exclude(r), r => Include(r));
        Add(13, r => Exclude(r), r => Exclude(r));
        items.Add(TitleAbstract().Decided(Dual, Include("ana"), Include("cy")));

        var pairs = ReviewerPairAgreement.ForItems(items);

        Assert.Equal([("ana", "ben", 20), ("ana", "cy", 1)], pairs.Select(p => (p.FirstReviewerId, p.SecondReviewerId, p.N)));
        Assert.Equal(CohenKappa.FromTable(new[,] { { 4, 1 }, { 2, 13 } }), pairs[0].Estimate);
    }
}

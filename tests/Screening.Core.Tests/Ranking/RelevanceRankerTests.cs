using EvSysReview.Screening.Core.Decisions;
using EvSysReview.Screening.Core.Protocol;
using EvSysReview.Screening.Core.Ranking;
using EvSysReview.Screening.Core.Simulation;
using EvSysReview.Screening.Core.Tests.Simulation;

namespace EvSysReview.Screening.Core.Tests.Ranking;

public sealed class RelevanceRankerTests
{
    private static readonly ScreeningProtocol Protocol = ScreeningProtocol.MscEvTemplate;

    private static RankingRecord Record(int id, string title, string abstractText = "") => new(ScreeningSimulation.IdOf(id), title, abstractText);

    private static readonly RankingRecord[] Open =
    [
        Record(1, "Tumour exosomes in cancer: a review"),
        Record(2, "Hospital costs of stroke care"),
        Record(3, "MSC exosomes improve memory in Alzheimer mice"),
        Record(4, "Mesenchymal stem cells in Parkinson rats", "Intranasal delivery of extracellular vesicles"),
        Record(5, "Exosomes in vitro"),
    ];

    [Fact]
    public void Before_the_first_include_the_highlight_terms_order_the_queue()
    {
        var labelled = new[] { new LabelledRecord(Record(9, "Dietary fibre"), false) };

        var result = RelevanceRanker.Rank(Open, labelled, Protocol);

        Assert.Equal(RankingBasis.HighlightTerms, result.Basis);
        Assert.Equal([4, 3, 2, 5, 1], result.Order.Select(r => ScreeningOrdinal(r.ItemId)));
        Assert.Equal([5.0, 4, 0, 0, -2], result.Order.Select(r => r.Score));
        Assert.Null(result.EstimatedRelevantRemaining);
    }

    [Fact]
    public void With_includes_only_there_is_no_model_yet()
    {
        var labelled = new[] { new LabelledRecord(Record(9, "MSC exosomes in rats"), true) };

        Assert.Equal(RankingBasis.HighlightTerms, RelevanceRanker.Rank(Open, labelled, Protocol).Basis);
    }

    [Fact]
    public void The_classifier_ranks_held_out_inclusions_of_Bannach_Brown_far_above_chance()
    {
        // Train on 200 records of the preclinical depression set, rank the next 400.
        var records = ScreeningTestData.Read("Bannach-Brown_2019.csv").Take(600)
            .Select((c, i) => (Record: new RankingRecord(ScreeningSimulation.IdOf(i), c.Title, c.Abstract), c.Included)).ToList();
        var labelled = records.Take(200).Select(r => new LabelledRecord(r.Record, r.Included)).ToList();
        var open = records.Skip(200).ToList();
        var relevant = open.Where(r => r.Included).Select(r => r.Record.ItemId).ToHashSet();

        var result = RelevanceRanker.Rank(open.Select(r => r.Record).ToList(), labelled, Protocol);

        Assert.Equal(RankingBasis.Classifier, result.Basis);
        var topFifth = result.Order.Take(open.Count / 5).Count(r => relevant.Contains(r.ItemId));
        Assert.True(topFifth >= 0.6 * relevant.Count, $"{topFifth} of {relevant.Count} inclusions in the top fifth");
        Assert.Equal(result.Order.Sum(r => r.Probability!.Value), result.EstimatedRelevantRemaining!.Value, 6);
        // The estimate should land near the true count left: within a factor of two here.
        Assert.InRange(result.EstimatedRelevantRemaining!.Value, relevant.Count / 2.0, relevant.Count * 2.0);
        Assert.Equal(labelled.Count(l => l.Included), result.LabelledIncludes);
    }

    [Fact]
    public async Task Ranked_in_steps_the_result_is_the_one_ranked_straight_through_and_each_fit_and_block_is_a_step()
    {
        var records = ScreeningTestData.Read("Bannach-Brown_2019.csv").Take(600)
            .Select((c, i) => (Record: new RankingRecord(ScreeningSimulation.IdOf(i), c.Title, c.Abstract), c.Included)).ToList();
        var labelled = records.Take(200).Select(r => new LabelledRecord(r.Record, r.Included)).ToList();
        var open = records.Skip(200).Select(r => r.Record).ToList();
        var space = TextFeatureSpace.Fit(records.Select(r => r.Record));
        var folds = Math.Min(RankingOptions.Default.CalibrationFolds, Math.Min(labelled.Count(l => l.Included), labelled.Count(l => !l.Included)));
        Assert.True(folds >= 2, "the calibration folds are made");
        var steps = new List<string>();

        var (stepped, _) = await RelevanceRanker.RankAsync(space, open, labelled, Protocol, null, null, (finished, _) => { steps.Add(finished); return ValueTask.CompletedTask; }, default);
        var straight = RelevanceRanker.Rank(space, open, labelled, Protocol);

        Assert.Equal(straight.Order, stepped.Order);
        Assert.Equal(straight.EstimatedRelevantRemaining, stepped.EstimatedRelevantRemaining);
        // One block of scoring (400 open items), one step per fold's fit, one before Platt's fit, one before the sort;
        // each named by what ended there: the classifier's fit, the scoring, each fold, Platt's fit.
        Assert.Equal(["fit", "score", .. Enumerable.Repeat("fold", folds), "platt"], steps);
    }

    [Fact]
    public async Task A_kept_calibration_gives_the_probabilities_instead_of_a_new_fit_and_the_result_says_what_it_was_fitted_on()
    {
        var records = ScreeningTestData.Read("Bannach-Brown_2019.csv").Take(600)
            .Select((c, i) => (Record: new RankingRecord(ScreeningSimulation.IdOf(i), c.Title, c.Abstract), c.Included)).ToList();
        var space = TextFeatureSpace.Fit(records.Select(r => r.Record));
        var open = records.Skip(300).Select(r => r.Record).ToList();
        List<LabelledRecord> Labelled(int n) => records.Take(n).Select(r => new LabelledRecord(r.Record, r.Included)).ToList();

        var (early, kept) = await RelevanceRanker.RankAsync(space, open, Labelled(150), Protocol, null, null, null, default);
        var (fresh, refitted) = await RelevanceRanker.RankAsync(space, open, Labelled(200), Protocol, null, null, null, default);
        var (reused, used) = await RelevanceRanker.RankAsync(space, open, Labelled(200), Protocol, null, kept, null, default);

        Assert.Equal((150, 150, 200), (kept!.LabelledCount, early.CalibratedOn, fresh.CalibratedOn));
        Assert.Equal(200, refitted!.LabelledCount);
        Assert.Same(kept, used);
        Assert.Equal(150, reused.CalibratedOn);
        // The order is the new model's either way; only the probabilities differ.
        Assert.Equal(fresh.Order.Select(r => (r.ItemId, r.Score)), reused.Order.Select(r => (r.ItemId, r.Score)));
        Assert.Equal(kept.Probabilities(reused.Order.Select(r => (float)r.Score).ToList()), reused.Order.Select(r => r.Probability!.Value));
        Assert.NotEqual(fresh.EstimatedRelevantRemaining, reused.EstimatedRelevantRemaining);
    }

    [Fact]
    public void Consecutive_excludes_count_back_to_the_last_include()
    {
        var labelled = new[] { true, false, true, false, false, false }
            .Select((included, i) => new LabelledRecord(Record(100 + i, included ? "MSC exosomes in mice" : "Hospital costs"), included)).ToList();

        Assert.Equal(3, RelevanceRanker.Rank(Open, labelled, Protocol).ConsecutiveExcludes);
    }

    [Fact]
    public void Items_below_the_lead_s_automation_threshold_are_set_apart()
    {
        var labelled = new[] { true, false, false, false }
            .Select((included, i) => new LabelledRecord(Record(100 + i, included ? "MSC exosomes in Alzheimer mice" : "Hospital costs of care"), included)).ToList();
        var withoutThreshold = RelevanceRanker.Rank(Open, labelled, Protocol);
        var cut = withoutThreshold.Order[2].Probability!.Value;
        Assert.True(withoutThreshold.Order[3].Probability < cut);

        var result = RelevanceRanker.Rank(Open, labelled, Protocol with { AutomationThreshold = cut });

        Assert.Equal(withoutThreshold.Order.Take(3), result.Order);
        Assert.Equal(withoutThreshold.Order.Skip(3), result.IneligibleByAutomation);
    }

    [Fact]
    public void A_record_a_reviewer_has_decided_keeps_its_place_below_the_automation_threshold()
    {
        var labelled = new[] { true, false, false, false }
            .Select((included, i) => new LabelledRecord(Record(100 + i, included ? "MSC exosomes in Alzheimer mice" : "Hospital costs of care"), included)).ToList();
        var withoutThreshold = RelevanceRanker.Rank(Open, labelled, Protocol);
        var cut = withoutThreshold.Order[2].Probability!.Value;
        var lowest = withoutThreshold.Order[^1].ItemId;
        var open = Open.Select(r => r.ItemId == lowest ? r with { HumanDecided = true } : r).ToList();

        var result = RelevanceRanker.Rank(open, labelled, Protocol with { AutomationThreshold = cut });

        Assert.Equal([.. withoutThreshold.Order.Take(3), withoutThreshold.Order[^1]], result.Order);
        Assert.Equal(withoutThreshold.Order.Skip(3).SkipLast(1), result.IneligibleByAutomation);
    }

    [Fact]
    public void Arrange_puts_items_in_rank_order_then_unranked_arrivals_and_leaves_out_the_set_apart()
    {
        ScreeningItem Item(int id) => ScreeningItem.Open(ScreeningSimulation.IdOf(id), $"pmid:{id}", ScreeningStage.TitleAbstract);
        var result = new RankingResult(
            RankingBasis.Classifier,
            [new RankedItem(ScreeningSimulation.IdOf(3), 2, 0.9), new RankedItem(ScreeningSimulation.IdOf(1), 1, 0.5)],
            [new RankedItem(ScreeningSimulation.IdOf(2), -3, 0.01)],
            1.41,
            0,
            1,
            1);

        var (ranked, unseen) = result.Split([Item(1), Item(2), Item(3), Item(8), Item(7)], i => i.ItemId);

        Assert.Equal([3, 1], ranked.Select(i => ScreeningOrdinal(i.ItemId)));
        Assert.Equal([8, 7], unseen.Select(i => ScreeningOrdinal(i.ItemId)));
    }

    private static int ScreeningOrdinal(Guid id) => BitConverter.ToInt32(id.ToByteArray(), 0);
}

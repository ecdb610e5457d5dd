using System.Net;
using System.Net.Http.Json;
using EvSysReview.Contracts.Screening;
using EvSysReview.Screening.Core.Decisions;
using EvSysReview.Screening.Core.Ranking;
using EvSysReview.ServiceDefaults.Security;
using EvSysReview.ServiceDefaults.Storage;
using EvSysReview.Screening.Ranking;
using EvSysReview.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static EvSysReview.Screening.Tests.ScreeningProjects;

namespace EvSysReview.Screening.Tests;

/// <summary>The ranking worker (debounced to 2 final decisions or 1 s in ScreeningHost) retrains and `next` follows its order.</summary>
[Collection(ScreeningCollection.Name)]
public sealed class RankingTests(ScreeningHost host)
{
    private static readonly (string, string)[] Team = [("ana", ProjectRoles.Reviewer)];

    // No protocol highlight term occurs in either kind, so before a model the queue is import order.
    private static string Liver(int i) => $"Hepatic fibrosis and collagen deposition in liver study {i}";

    private static string Brain(int i) => $"Hippocampal neurogenesis and vesicle cargo in memory study {i}";

    /// <summary>A project of 12 liver and 8 brain records, nothing decided yet.</summary>
    private async Task<(Guid ProjectId, Guid[] Liver, Guid[] Brain, HttpClient Ana)> TwelveLiverEightBrainAsync()
    {
        var projectId = await host.CreateProjectAsync("lead", Team, reviewersPerRecord: 1, fullText: false);
        var liver = await host.ImportAsync(projectId, Enumerable.Range(0, 12).Select(i => Citation(Liver(i), Liver(i))).ToArray());
        var brain = await host.ImportAsync(projectId, Enumerable.Range(0, 8).Select(i => Citation(Brain(i), Brain(i))).ToArray());
        return (projectId, liver, brain, host.As("ana"));
    }

    /// <summary>A project of 12 liver and 8 brain records, with 3 liver records excluded and 1 brain record included by ana.</summary>
    private async Task<(Guid ProjectId, Guid[] Liver, Guid[] Brain, HttpClient Ana)> TwelveLiverEightBrainThreeExcludesOneIncludeAsync()
    {
        var (projectId, liver, brain, ana) = await TwelveLiverEightBrainAsync();
        foreach (var recordId in liver.Take(3)) await ana.DecideAsync(projectId, ScreeningHost.TitleAbstract(recordId), "exclude");
        foreach (var recordId in brain.Take(1)) await ana.DecideAsync(projectId, ScreeningHost.TitleAbstract(recordId), "include");
        return (projectId, liver, brain, ana);
    }

    [Fact]
    public async Task After_includes_and_excludes_the_classifier_orders_the_queue_and_estimates_the_relevant_left()
    {
        var (projectId, liver, brain, ana) = await TwelveLiverEightBrainAsync();

        foreach (var recordId in liver.Take(4))
            Assert.Equal(HttpStatusCode.OK, (await ana.DecideAsync(projectId, ScreeningHost.TitleAbstract(recordId), "exclude")).StatusCode);
        foreach (var recordId in brain.Take(2))
            Assert.Equal(HttpStatusCode.OK, (await ana.DecideAsync(projectId, ScreeningHost.TitleAbstract(recordId), "include")).StatusCode);

        await Eventually.HoldsAsync(async () =>
            (await host.Repository().RankingAsync(projectId, ScreeningStage.TitleAbstract, default))?.Result is { Basis: RankingBasis.Classifier, LabelledIncludes: 2, LabelledExcludes: 4 },
            "the worker ranked with a classifier trained on 2 includes and 4 excludes");

        var served = await (await ana.NextAsync(projectId)).JsonAsync();
        Assert.StartsWith("Hippocampal", served.GetProperty("title").GetString());
        var progress = served.GetProperty("progress");
        Assert.Equal((6, 14, 0), (progress.GetProperty("screened").GetInt32(), progress.GetProperty("remaining").GetInt32(), progress.GetProperty("consecutiveExcludes").GetInt32()));
        var estimate = progress.GetProperty("estimatedRelevantRemaining").GetDouble();
        Assert.InRange(estimate, 0.5, 14);
    }

    [Fact]
    public async Task A_rerank_soon_after_with_few_new_labels_reuses_the_calibration_and_statistics_say_what_it_was_fitted_on()
    {
        var (projectId, liver, brain, ana) = await TwelveLiverEightBrainAsync();
        foreach (var recordId in liver.Take(6)) await ana.DecideAsync(projectId, ScreeningHost.TitleAbstract(recordId), "exclude");
        foreach (var recordId in brain.Take(2)) await ana.DecideAsync(projectId, ScreeningHost.TitleAbstract(recordId), "include");
        await Eventually.HoldsAsync(async () =>
            (await host.Repository().RankingAsync(projectId, ScreeningStage.TitleAbstract, default))?.Result is { LabelledExcludes: 6, LabelledIncludes: 2, CalibratedOn: 8 },
            "the worker fitted a calibration on the 8 decisions");

        // Two more: 10 is a quarter more than 8, so the next calibration is fitted afresh; 9 is not.
        await ana.DecideAsync(projectId, ScreeningHost.TitleAbstract(liver[6]), "exclude");
        await Eventually.HoldsAsync(async () =>
            (await host.Repository().RankingAsync(projectId, ScreeningStage.TitleAbstract, default))?.Result is { LabelledExcludes: 7 },
            "the worker reranked after the ninth decision");
        Assert.Equal(8, (await host.Repository().RankingAsync(projectId, ScreeningStage.TitleAbstract, default))!.Result.CalibratedOn);
        var shown = await RankingShownAsync(projectId);
        Assert.Equal((2, 7, 8), (shown.GetProperty("labelledIncludes").GetInt32(), shown.GetProperty("labelledExcludes").GetInt32(), shown.GetProperty("calibratedOn").GetInt32()));

        await ana.DecideAsync(projectId, ScreeningHost.TitleAbstract(liver[7]), "exclude");
        await Eventually.HoldsAsync(async () =>
            (await host.Repository().RankingAsync(projectId, ScreeningStage.TitleAbstract, default))?.Result is { LabelledExcludes: 8, CalibratedOn: 10 },
            "the worker fitted a new calibration on the 10 decisions");
    }

    [Fact]
    public async Task The_stored_ranking_is_kept_in_columns_and_reads_back_exactly_as_the_mirror_holds_it()
    {
        var (projectId, liver, brain, ana) = await TwelveLiverEightBrainThreeExcludesOneIncludeAsync();

        // The mirror is what the worker and statistics read on SQLite; the store is what a restarted
        // process loads: they must agree item for item. (That the columns keep every bit of a double
        // is RankedItemsJsonTests'; naive Bayes scores are floats, which a float column would keep too.)
        StoredRanking? mirrored = null, stored = null;
        await Eventually.HoldsAsync(async () =>
        {
            mirrored = await host.Repository().RankingAsync(projectId, ScreeningStage.TitleAbstract, default);
            stored = await host.Repository().StoredRankingAsync(projectId, ScreeningStage.TitleAbstract, default);
            return mirrored?.Result is { Basis: RankingBasis.Classifier, LabelledExcludes: 3 } && stored?.RankedAt == mirrored.RankedAt;
        }, "a classifier ranking, stored and mirrored");
        Assert.Equal(16, stored!.Result.Order.Count);
        Assert.Equal(mirrored!.Result.Order, stored.Result.Order);
        Assert.All(stored.Result.Order, r => Assert.InRange(r.Probability!.Value, 0, 1));
        Assert.Equal(mirrored.Result.EstimatedRelevantRemaining, stored.Result.EstimatedRelevantRemaining);

        var document = await host.Host.Services.GetRequiredService<ModuleStore<ScreeningModule>>()
            .GetAsync(StoredRanking.Collection, StoredRanking.Key(projectId, ScreeningStage.TitleAbstract));
        Assert.Contains("\"order\":{\"count\":16,\"ids\":\"", document!.Json);
        Assert.DoesNotContain("itemId", document.Json);

        // As after a restart: the queue is rebuilt from the store, ranking included.
        host.Host.Services.GetRequiredService<EvSysReview.Screening.Queue.ScreeningQueues>().Forget();
        var reloaded = await host.Repository().RankingAsync(projectId, ScreeningStage.TitleAbstract, default);
        Assert.Equal(stored.RankedAt, reloaded!.RankedAt);
        Assert.Equal(stored.Result.Order, reloaded.Result.Order);
    }

    [Fact]
    public async Task A_rerank_after_new_imports_extends_the_kept_feature_space_instead_of_fitting_it_again()
    {
        var (projectId, liver, brain, ana) = await TwelveLiverEightBrainThreeExcludesOneIncludeAsync();
        await Eventually.HoldsAsync(async () =>
            (await host.Repository().RankingAsync(projectId, ScreeningStage.TitleAbstract, default))?.Result is { Basis: RankingBasis.Classifier, LabelledExcludes: 3 },
            "a first classifier ranking");
        var spaces = host.Host.Services.GetRequiredService<FeatureSpaces>();
        var fitted = spaces.FitsFor(projectId, ScreeningStage.TitleAbstract);
        Assert.True(fitted > 0, "the first ranking fitted the project's space");

        var arrived = await host.ImportAsync(projectId, Citation(Brain(100), Brain(100)), Citation(Liver(100), Liver(100)));
        foreach (var recordId in liver.Skip(3).Take(2)) await ana.DecideAsync(projectId, ScreeningHost.TitleAbstract(recordId), "exclude");
        await Eventually.HoldsAsync(async () =>
            (await host.Repository().RankingAsync(projectId, ScreeningStage.TitleAbstract, default))?.Result is { LabelledExcludes: 5 } r
            && arrived.All(a => r.Order.Any(o => o.ItemId == ScreeningHost.TitleAbstract(a))),
            "a rerank with the two arrivals in its order");

        Assert.Equal(fitted, spaces.FitsFor(projectId, ScreeningStage.TitleAbstract));
        var order = (await host.Repository().RankingAsync(projectId, ScreeningStage.TitleAbstract, default))!.Result.Order.Select(o => o.ItemId).ToList();
        Assert.True(order.IndexOf(ScreeningHost.TitleAbstract(arrived[0])) < order.IndexOf(ScreeningHost.TitleAbstract(arrived[1])), "the new brain record ranks above the new liver record");
    }

    [Fact]
    public async Task The_feature_space_is_fitted_when_records_arrive_so_the_first_classifier_ranking_does_not_fit_it()
    {
        var projectId = await host.CreateProjectAsync("lead", Team, reviewersPerRecord: 1, fullText: false);
        var liver = await host.ImportAsync(projectId, Enumerable.Range(0, 12).Select(i => Citation(Liver(i), Liver(i))).ToArray());
        var brain = await host.ImportAsync(projectId, Enumerable.Range(0, 8).Select(i => Citation(Brain(i), Brain(i))).ToArray());
        var spaces = host.Host.Services.GetRequiredService<FeatureSpaces>();
        // A rerank stores its ranking after preparing the space, so a ranking of all 20 means a space of all 20.
        await Eventually.HoldsAsync(async () =>
            (await host.Repository().RankingAsync(projectId, ScreeningStage.TitleAbstract, default))?.Result is { Basis: RankingBasis.HighlightTerms, Order.Count: 20 },
            "a ranking of the 20 imported records, before any decision");
        var fitted = spaces.FitsFor(projectId, ScreeningStage.TitleAbstract);
        Assert.True(fitted > 0, "the space was fitted with nothing labelled yet");
        var shown = await RankingShownAsync(projectId);
        Assert.Equal(("highlightTerms", 20, 0), (shown.GetProperty("basis").GetString(), shown.GetProperty("items").GetInt32(), shown.GetProperty("labelledIncludes").GetInt32()));

        var ana = host.As("ana");
        foreach (var recordId in liver.Take(3)) await ana.DecideAsync(projectId, ScreeningHost.TitleAbstract(recordId), "exclude");
        await ana.DecideAsync(projectId, ScreeningHost.TitleAbstract(brain[0]), "include");
        await Eventually.HoldsAsync(async () =>
            (await host.Repository().RankingAsync(projectId, ScreeningStage.TitleAbstract, default))?.Result is { Basis: RankingBasis.Classifier, LabelledIncludes: 1, LabelledExcludes: 3 },
            "a first classifier ranking");
        Assert.Equal(fitted, spaces.FitsFor(projectId, ScreeningStage.TitleAbstract));
        shown = await RankingShownAsync(projectId);
        Assert.Equal(("classifier", 16, 1, 3), (shown.GetProperty("basis").GetString(), shown.GetProperty("items").GetInt32(), shown.GetProperty("labelledIncludes").GetInt32(), shown.GetProperty("labelledExcludes").GetInt32()));
    }

    private async Task<System.Text.Json.JsonElement> RankingShownAsync(Guid projectId) =>
        (await (await host.As("ana").GetAsync($"{ScreeningApi.Project(projectId)}/statistics")).JsonAsync()).GetProperty("stages").GetProperty("title-abstract").GetProperty("ranking");

    [Fact]
    public async Task A_rerank_reports_the_time_it_spent_featurising_and_none_when_the_kept_space_holds_every_record()
    {
        var projectId = await host.CreateProjectAsync("lead", Team, reviewersPerRecord: 1, fullText: false);
        await host.ImportAsync(projectId, Enumerable.Range(0, 6).Select(i => Citation(Brain(i), Brain(i))).ToArray());
        await Eventually.HoldsAsync(async () =>
            (await host.Repository().RankingAsync(projectId, ScreeningStage.TitleAbstract, default))?.Result.Order.Count == 6,
            "the worker ranked the 6 records");
        var spaces = host.Host.Services.GetRequiredService<FeatureSpaces>();
        var records = Enumerable.Range(0, 3).Select(i => new RankingRecord(Guid.NewGuid(), Liver(i), Liver(i))).ToList();
        var other = Guid.NewGuid();

        Assert.True(spaces.For(other, ScreeningStage.TitleAbstract, records).Featurising > TimeSpan.Zero, "a fit takes time");
        Assert.Equal(TimeSpan.Zero, spaces.For(other, ScreeningStage.TitleAbstract, records).Featurising);
        await using var scope = host.Host.Services.CreateAsyncScope();
        Assert.Equal(TimeSpan.Zero, (await scope.ServiceProvider.GetRequiredService<ProjectRanking>().RerankAsync(projectId, default)).Featurising);
    }

    [Fact]
    public async Task Full_text_records_ordered_by_the_terms_are_scored_once_not_on_every_rerank()
    {
        var projectId = await host.CreateProjectAsync("lead", Team, reviewersPerRecord: 1, fullText: true);
        var brain = await host.ImportAsync(projectId, Enumerable.Range(0, 5).Select(i => Citation(Brain(i), Brain(i) + (i < 2 ? " in mice" : ""))).ToArray());
        var ana = host.As("ana");
        foreach (var recordId in brain.Take(3)) await ana.DecideAsync(projectId, ScreeningHost.TitleAbstract(recordId), "include");
        await Eventually.HoldsAsync(async () =>
            (await host.Repository().RankingAsync(projectId, ScreeningStage.FullText, default))?.Result is { Basis: RankingBasis.HighlightTerms, Order.Count: 3 },
            "a full-text ranking of the 3 included records by the terms");
        var termScores = host.Host.Services.GetRequiredService<TermScores>();
        await using var scope = host.Host.Services.CreateAsyncScope();
        var ranking = scope.ServiceProvider.GetRequiredService<ProjectRanking>();

        await ranking.RerankAsync(projectId, default);
        await ranking.RerankAsync(projectId, default);

        // Each of the 3 scored once, however many reranks ran (the worker's and these two).
        Assert.Equal(3, termScores.ComputedFor(projectId, ScreeningStage.FullText));
        var order = (await host.Repository().RankingAsync(projectId, ScreeningStage.FullText, default))!.Result.Order;
        // "mice" is an include term of the template: the two records that name it come first.
        Assert.Equal([1.0, 1.0, 0.0], order.Select(r => r.Score));
        Assert.Equal([ScreeningHost.FullText(brain[0]), ScreeningHost.FullText(brain[1]), ScreeningHost.FullText(brain[2])], order.Select(r => r.ItemId));
    }

    [Fact]
    public async Task Ineligible_by_automation_only_after_a_lead_turns_it_on_and_announced_once_apart_from_exclusions()
    {
        var (projectId, liver, brain, ana) = await TwelveLiverEightBrainAsync();
        foreach (var recordId in liver.Take(6))
            await ana.DecideAsync(projectId, ScreeningHost.TitleAbstract(recordId), "exclude");
        foreach (var recordId in brain.Take(3))
            await ana.DecideAsync(projectId, ScreeningHost.TitleAbstract(recordId), "include");
        await Eventually.HoldsAsync(async () =>
            (await host.Repository().RankingAsync(projectId, ScreeningStage.TitleAbstract, default))?.Result.Basis == RankingBasis.Classifier, "a classifier ranking");
        await Eventually.HoldsAsync(() => Task.FromResult(host.Observed.Of<StudyIncluded>(projectId).Count == 3), "three StudyIncluded");
        Assert.DoesNotContain(host.Observed.Of<StudyExcluded>(projectId), e => e.ByAutomation);

        var bad = await host.As("lead").PutAsJsonAsync($"{ScreeningApi.Project(projectId)}/automation", new { enabled = true, threshold = 1.5 });
        Assert.Equal("threshold", await bad.ProblemFieldAsync());
        var on = await host.As("lead").PutAsJsonAsync($"{ScreeningApi.Project(projectId)}/automation", new { enabled = true, threshold = 0.5 });
        Assert.Equal(HttpStatusCode.OK, on.StatusCode);

        var announced = 0;
        await Eventually.HoldsAsync(async () =>
        {
            var stage = (await (await host.As("lead").GetAsync($"{ScreeningApi.Project(projectId)}/statistics")).JsonAsync()).GetProperty("stages").GetProperty("title-abstract");
            announced = stage.GetProperty("excludedByAutomation").GetInt32();
            return announced > 0 && stage.GetProperty("excluded").GetInt32() == 6
                && host.Observed.Of<StudyExcluded>(projectId).Count(e => e.ByAutomation) == announced;
        }, "StudyExcluded{ByAutomation} published once per item, counted apart from the 6 exclusions");
        var byAutomation = host.Observed.Of<StudyExcluded>(projectId).Where(e => e.ByAutomation).ToList();
        Assert.All(byAutomation, e => Assert.Contains(e.StudyId, liver.Skip(6)));
        Assert.Equal(announced, byAutomation.Select(e => e.StudyId).Distinct().Count());
        // One ranking announced them (nothing changed after the lead turned automation on): one action, one correlation id.
        Assert.True(byAutomation.Count > 1, $"{byAutomation.Count} announced: too few to tell one correlation id from one each");
        Assert.Single(byAutomation.Select(e => e.CorrelationId).Distinct());
    }

    [Fact]
    public async Task Automation_never_sets_apart_an_item_a_reviewer_has_decided_so_its_second_reviewer_still_gets_it()
    {
        var projectId = await host.CreateProjectAsync("lead", [("ana", ProjectRoles.Reviewer), ("ben", ProjectRoles.Reviewer)], reviewersPerRecord: 2, fullText: false);
        var liver = await host.ImportAsync(projectId, Enumerable.Range(0, 12).Select(i => Citation(Liver(i), Liver(i))).ToArray());
        var brain = await host.ImportAsync(projectId, Enumerable.Range(0, 8).Select(i => Citation(Brain(i), Brain(i))).ToArray());
        var (ana, ben) = (host.As("ana"), host.As("ben"));
        foreach (var reviewer in new[] { ana, ben })
        {
            foreach (var recordId in liver.Take(6)) await reviewer.DecideAsync(projectId, ScreeningHost.TitleAbstract(recordId), "exclude");
            foreach (var recordId in brain.Take(3)) await reviewer.DecideAsync(projectId, ScreeningHost.TitleAbstract(recordId), "include");
        }

        // Ana includes a record that looks like the excluded ones; ben has yet to read it.
        var decided = ScreeningHost.TitleAbstract(liver[6]);
        Assert.Equal(HttpStatusCode.OK, (await ana.DecideAsync(projectId, decided, "include")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.As("lead").PutAsJsonAsync($"{ScreeningApi.Project(projectId)}/automation", new { enabled = true, threshold = 0.5 })).StatusCode);

        RankingResult? ranking = null;
        await Eventually.HoldsAsync(async () =>
        {
            ranking = (await host.Repository().RankingAsync(projectId, ScreeningStage.TitleAbstract, default))?.Result;
            return ranking is { Basis: RankingBasis.Classifier, IneligibleByAutomation.Count: > 0 };
        }, "a classifier ranking that sets records apart");

        // Below the threshold, so automation would have set it apart had nobody decided it.
        var place = Assert.Single(ranking!.Order, r => r.ItemId == decided);
        Assert.True(place.Probability < 0.5, $"P = {place.Probability}");
        Assert.DoesNotContain(ranking.IneligibleByAutomation, r => r.ItemId == decided);
        Assert.Contains(ranking.IneligibleByAutomation, r => r.ItemId == ScreeningHost.TitleAbstract(liver[7]));
        Assert.DoesNotContain(host.Observed.Of<StudyExcluded>(projectId), e => e.ByAutomation && e.StudyId == liver[6]);
        var served = new List<Guid>();
        for (var i = 0; i < 10; i++)
        {
            var next = await ben.NextAsync(projectId);
            if (next.StatusCode != HttpStatusCode.OK) break;
            var itemId = (await next.JsonAsync()).GetProperty("itemId").GetGuid();
            served.Add(itemId);
            if (itemId == decided) break;
            await ben.DecideAsync(projectId, itemId, "include");
        }

        Assert.Contains(decided, served);
    }
}

using System.Collections.Concurrent;
using EvSysReview.Contracts.Ingestion;
using EvSysReview.Screening.Core.Decisions;
using EvSysReview.Screening.Core.Protocol;
using EvSysReview.Screening.Core.Ranking;
using EvSysReview.Screening.Items;
using EvSysReview.Screening.Queue;
using EvSysReview.Screening.Ranking;

namespace EvSysReview.Screening.Tests.Queue;

/// <summary>
/// The in-memory queue on its own: reviewers ask and decide concurrently, each decision applied to
/// the queue as the module applies a committed write (Put), with Core's rule refusing anything beyond
/// the protocol's count. Over-serving would show as a refused decision or an item served to too many.
/// </summary>
public sealed class ProjectQueueTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 2)]
    [InlineData(2, 3)]
    [InlineData(1, 4)]
    public async Task Concurrent_reviewers_are_never_served_an_item_beyond_the_protocol_count_and_every_item_gets_exactly_its_decisions(int reviewersPerItem, int reviewers)
    {
        var protocol = new ScreeningProtocol { ReviewersPerItem = reviewersPerItem };
        var items = Enumerable.Range(0, 60).Select(i => Document(i)).ToList();
        var queue = new ProjectQueue();
        queue.Load(items.Select(Stored), new Dictionary<ScreeningStage, StoredRanking>());
        var stored = new ConcurrentDictionary<Guid, ItemDocument>(items.ToDictionary(i => i.ItemId));
        var served = new ConcurrentBag<(string Reviewer, Guid ItemId)>();
        var refused = 0;

        await Task.WhenAll(Enumerable.Range(0, reviewers).Select(r => Task.Run(() =>
        {
            var reviewer = $"reviewer{r}";
            while (queue.Next(ScreeningStage.TitleAbstract, reviewer, protocol, reserve: true, Start) is { } next)
            {
                served.Add((reviewer, next.Document.ItemId));
                // The store's conditional write: read, decide with Core's rule, retry on a lost race.
                while (true)
                {
                    var before = stored[next.Document.ItemId];
                    ScreeningChange change;
                    try
                    {
                        change = before.Item.Decide(new ScreeningDecision(reviewer, DecisionKind.Exclude, null, null, Start), protocol);
                    }
                    catch (ScreeningRuleException)
                    {
                        Interlocked.Increment(ref refused);
                        break;
                    }

                    var after = before with { Item = change.Item };
                    if (!stored.TryUpdate(after.ItemId, after, before)) continue;
                    queue.Put(after, after.Item.Version + 1);
                    break;
                }
            }
        })));

        Assert.Equal(0, refused);
        Assert.Equal(items.Count * reviewersPerItem, served.Count);
        Assert.All(served.GroupBy(s => s.ItemId), g => Assert.Equal(reviewersPerItem, g.Select(s => s.Reviewer).Distinct().Count()));
        Assert.All(stored.Values, i => Assert.Equal(ItemStatus.Final, i.Item.Status));
        Assert.Equal(0, queue.ActiveLeases(Start));
    }

    [Fact]
    public void A_lease_reserves_the_item_until_it_expires_then_another_reviewer_is_served_it()
    {
        var protocol = new ScreeningProtocol { ReviewersPerItem = 1, LeaseDuration = TimeSpan.FromMinutes(10) };
        var item = Document(0);
        var queue = new ProjectQueue();
        queue.Load([Stored(item)], new Dictionary<ScreeningStage, StoredRanking>());

        Assert.Equal(item.ItemId, queue.Next(ScreeningStage.TitleAbstract, "ana", protocol, true, Start)!.Document.ItemId);
        Assert.Null(queue.Next(ScreeningStage.TitleAbstract, "ben", protocol, true, Start.AddMinutes(9)));
        // ana asks again (a refresh) within the lease: the same item, lease renewed to 10:20.
        Assert.Equal(item.ItemId, queue.Next(ScreeningStage.TitleAbstract, "ana", protocol, true, Start.AddMinutes(10))!.Document.ItemId);
        Assert.Null(queue.Next(ScreeningStage.TitleAbstract, "ben", protocol, true, Start.AddMinutes(19)));
        Assert.Equal(item.ItemId, queue.Next(ScreeningStage.TitleAbstract, "ben", protocol, true, Start.AddMinutes(20).AddSeconds(1))!.Document.ItemId);
        Assert.Equal(1, queue.ActiveLeases(Start.AddMinutes(21)));
    }

    [Fact]
    public void An_observer_reads_without_reserving_and_a_released_lease_frees_the_place()
    {
        var protocol = new ScreeningProtocol { ReviewersPerItem = 1 };
        var item = Document(0);
        var queue = new ProjectQueue();
        queue.Load([Stored(item)], new Dictionary<ScreeningStage, StoredRanking>());

        Assert.NotNull(queue.Next(ScreeningStage.TitleAbstract, "olga", protocol, reserve: false, Start));
        Assert.NotNull(queue.Next(ScreeningStage.TitleAbstract, "ana", protocol, reserve: true, Start));
        Assert.Null(queue.Next(ScreeningStage.TitleAbstract, "ben", protocol, reserve: true, Start));
        queue.Release(item.ItemId, "ana");
        Assert.NotNull(queue.Next(ScreeningStage.TitleAbstract, "ben", protocol, reserve: true, Start));
    }

    [Fact]
    public void An_older_state_arriving_late_is_ignored_whether_it_comes_from_a_write_or_the_load()
    {
        var protocol = new ScreeningProtocol { ReviewersPerItem = 1 };
        var open = Document(0);
        var decided = open with { Item = open.Item.Decide(new ScreeningDecision("ana", DecisionKind.Exclude, null, null, Start), protocol).Item };
        var queue = new ProjectQueue();

        // The decision's commit reached the queue while it was loading an older read of the store.
        queue.Put(decided, 2);
        queue.Load([Stored(open)], new Dictionary<ScreeningStage, StoredRanking>());
        queue.Put(open, 1);

        Assert.Null(queue.Next(ScreeningStage.TitleAbstract, "ben", protocol, true, Start));
        Assert.Equal(ItemStatus.Final, Assert.Single(queue.Items()).Item.Status);
    }

    [Fact]
    public void The_queue_follows_the_ranking_and_an_item_opened_again_returns_to_its_place()
    {
        var protocol = new ScreeningProtocol { ReviewersPerItem = 1 };
        var items = Enumerable.Range(0, 3).Select(i => Document(i)).ToList();
        var queue = new ProjectQueue();
        queue.Load(items.Select(Stored), new Dictionary<ScreeningStage, StoredRanking>());
        Assert.Equal(items[0].ItemId, queue.Next(ScreeningStage.TitleAbstract, "ana", protocol, false, Start)!.Document.ItemId);

        var order = new[] { items[2], items[0], items[1] }.Select((d, i) => new RankedItem(d.ItemId, 3 - i, null)).ToList();
        queue.Ranked(new StoredRanking
        {
            ProjectId = Guid.Empty, Stage = ScreeningStage.TitleAbstract, RankedAt = Start,
            Result = new RankingResult(RankingBasis.Classifier, order, [], null, 0, 1, 1),
        });
        Assert.Equal(items[2].ItemId, queue.Next(ScreeningStage.TitleAbstract, "ana", protocol, false, Start)!.Document.ItemId);

        var decided = items[2] with { Item = items[2].Item.Decide(new ScreeningDecision("ben", DecisionKind.Exclude, null, null, Start), protocol).Item };
        queue.Put(decided, decided.Item.Version + 1);
        var next = queue.Next(ScreeningStage.TitleAbstract, "ana", protocol, false, Start)!;
        Assert.Equal(items[0].ItemId, next.Document.ItemId);
        Assert.Equal((1, 2, 1), (next.Progress.Screened, next.Progress.Remaining, next.Progress.ConsecutiveExcludes));
    }

    [Fact]
    public void Progress_kept_write_by_write_equals_a_recount_of_every_item_through_includes_excludes_and_a_withdrawal()
    {
        var protocol = new ScreeningProtocol { ReviewersPerItem = 2 };
        var stored = Enumerable.Range(0, 12).Select(i => Document(i)).ToDictionary(d => d.ItemId);
        var queue = new ProjectQueue();
        queue.Load(stored.Values.Select(Stored), new Dictionary<ScreeningStage, StoredRanking>());
        var ids = stored.Keys.ToList();
        // Items 0–8 are made final by two agreeing reviewers (item 3 included, the rest excluded); item
        // 9's one decision is withdrawn, item 10 has one decision (still open), item 11 none.
        for (var i = 0; i < 9; i++)
        {
            var kind = i == 3 ? DecisionKind.Include : DecisionKind.Exclude;
            foreach (var reviewer in new[] { "ana", "ben" })
                Apply(ids[i], d => d.Item.Decide(new ScreeningDecision(reviewer, kind, null, null, Start.AddMinutes(i)), protocol));
        }

        Apply(ids[9], d => d.Item.Decide(new ScreeningDecision("ana", DecisionKind.Exclude, null, null, Start.AddMinutes(10)), protocol));
        Apply(ids[9], d => d.Item.Withdraw("ana", Start.AddMinutes(11), protocol));
        Apply(ids[10], d => d.Item.Decide(new ScreeningDecision("ana", DecisionKind.Include, null, null, Start.AddMinutes(12)), protocol));
        var progress = queue.Next(ScreeningStage.TitleAbstract, "carl", protocol, false, Start.AddMinutes(30))!.Progress;
        var recount = QueueOrder.Progress([.. stored.Values], ScreeningStage.TitleAbstract, null);

        Assert.Equal(recount, progress);
        Assert.Equal((9, 3, 5), (progress.Screened, progress.Remaining, progress.ConsecutiveExcludes));

        void Apply(Guid itemId, Func<ItemDocument, ScreeningChange> change)
        {
            var after = stored[itemId] with { Item = change(stored[itemId]).Item };
            stored[itemId] = after;
            queue.Put(after, after.Item.Version + 1);
        }
    }

    [Fact]
    public void The_mirror_keeps_each_item_at_its_store_version_and_takes_a_same_state_rewrite_at_a_newer_one()
    {
        var item = Document(0);
        var queue = new ProjectQueue();
        queue.Load([new Versioned<ItemDocument>(item, 4)], new Dictionary<ScreeningStage, StoredRanking>());
        Assert.Equal(4, queue.Mirrored(item.ItemId)!.Version);

        // A full-text include that only names the design leaves Core's item as it was: the mirror
        // must still take it, or the next command would start from a version the store has left.
        var designed = item with { StudyDesign = "rodent" };
        queue.Put(designed, 5);
        queue.Put(item, 4);

        var mirrored = queue.Mirrored(item.ItemId)!;
        Assert.Equal((5L, "rodent"), (mirrored.Version, mirrored.Value.StudyDesign));
        Assert.Null(queue.Mirrored(Guid.NewGuid()));
    }

    /// <summary>
    /// The ranking worker's input kept write by write must be what sorting every item gave: open items
    /// by import, labelled ones by when they became final, retractions left out, and equal times in the
    /// order the items reached the mirror (a whole import shares one time; so can a batch of finals).
    /// </summary>
    [Fact]
    public void The_ranking_input_kept_write_by_write_equals_sorting_every_item_through_finals_a_retraction_and_a_reopening()
    {
        var protocol = new ScreeningProtocol { ReviewersPerItem = 1 };
        // Items 0–3 share one import time; 4 and 5 come later. They reach the mirror in descending
        // item id, so a tie broken by id instead of by arrival would reverse the tied items.
        var stored = Enumerable.Range(0, 6).Select(i => Document(i) with { ImportedAt = i < 4 ? Start : Start.AddSeconds(i) }).ToDictionary(d => d.ItemId);
        var ids = stored.Keys.ToList();
        var arrival = ids.OrderDescending().ToList();
        var queue = new ProjectQueue();
        queue.Load([.. arrival.Take(5).Select(id => Stored(stored[id]))], new Dictionary<ScreeningStage, StoredRanking>());
        queue.Put(stored[arrival[5]], 1);

        // 5 and 3 become final at the same minute; 1 is excluded then retracted;
        // 0 is retracted before any decision and the lead keeps it, so it is open again.
        Apply(ids[5], d => d.Item.Decide(new ScreeningDecision("ana", DecisionKind.Include, null, null, Start.AddMinutes(2)), protocol));
        Apply(ids[3], d => d.Item.Decide(new ScreeningDecision("ana", DecisionKind.Exclude, null, null, Start.AddMinutes(2)), protocol));
        Apply(ids[4], d => d.Item.Decide(new ScreeningDecision("ana", DecisionKind.Exclude, null, null, Start.AddMinutes(1)), protocol));
        Apply(ids[1], d => d.Item.Decide(new ScreeningDecision("ana", DecisionKind.Exclude, null, null, Start.AddMinutes(3)), protocol));
        Apply(ids[1], d => d.Item.Retract(Start.AddMinutes(4), protocol));
        Apply(ids[0], d => d.Item.Retract(Start.AddMinutes(5), protocol));
        Assert.Equal(2, FinalByRetraction());
        Apply(ids[0], d => d.Item.OverrideRetraction("lead", ScreeningRole.Lead, "the retraction notice is for another article", Start.AddMinutes(6), protocol));

        var input = queue.RankingInputOf(ScreeningStage.TitleAbstract);
        // What the worker did before: every item of the stage, filtered and sorted (stable, in arrival order).
        var all = arrival.Select(id => stored[id]).ToList();
        var open = all.Where(i => i.Item.Status == ItemStatus.AwaitingDecisions).OrderBy(i => i.ImportedAt);
        var labelled = all.Where(i => i.Item.Status == ItemStatus.Final && i.Item.Outcome!.Basis != FinalBasis.Retraction).OrderBy(i => i.Item.FinalisedAt);

        Assert.Equal(open.Select(i => (i.ItemId, (string?)i.Citation.Title)), input.Open.Select(r => (r.ItemId, r.Title)));
        Assert.Equal(labelled.Select(i => (i.ItemId, i.Item.Outcome!.IsInclude)), input.Labelled.Select(l => (l.Record.ItemId, l.Included)));
        Assert.Equal(arrival.Where(id => id == ids[2] || id == ids[0]), input.Open.Select(r => r.ItemId));
        Assert.Equal([ids[4], .. arrival.Where(id => id == ids[3] || id == ids[5])], input.Labelled.Select(l => l.Record.ItemId));
        Assert.Equal(ids[5], Assert.Single(input.Labelled, l => l.Included).Record.ItemId);
        Assert.Empty(queue.RankingInputOf(ScreeningStage.FullText).Open);

        int FinalByRetraction() => stored.Values.Count(d => d.Item.Outcome?.Basis == FinalBasis.Retraction);

        void Apply(Guid itemId, Func<ItemDocument, ScreeningChange> change)
        {
            var after = stored[itemId] with { Item = change(stored[itemId]).Item };
            stored[itemId] = after;
            queue.Put(after, after.Item.Version + 1);
        }
    }

    /// <summary>A store gives a new document version 1 and each write one more; Core's item counts its changes from 0.</summary>
    [Fact]
    public void The_queue_order_is_the_ranking_s_then_unranked_arrivals_by_term_score_and_import_without_the_set_apart()
    {
        int[] termScores = [1, 0, 0, 2, 0, 0];
        var items = Enumerable.Range(0, 6).Select(i => Document(i) with { TermScore = termScores[i] }).ToList();
        var id = items.Select(i => i.ItemId).ToList();
        // Item 5 has become final since it was ranked; item 4 was set apart by automation.
        items[5] = items[5] with { Item = items[5].Item.Decide(new ScreeningDecision("ana", DecisionKind.Exclude, null, null, Start), new ScreeningProtocol { ReviewersPerItem = 1 }).Item };
        var ranking = new RankingResult(RankingBasis.Classifier, [new(id[2], 3, 0.9), new(id[5], 2, 0.6), new(id[0], 1, 0.5)], [new(id[4], -4, 0.01)], 2.0, 0, 1, 1);

        var arranged = QueueOrder.Arrange(items, ScreeningStage.TitleAbstract, ranking);

        // Ranked and open: 2, 0. Unranked: 3 (term score 2) before 1 (term score 0): by score, not import.
        Assert.Equal([id[2], id[0], id[3], id[1]], arranged.Select(i => i.ItemId));
        // Before any ranking every open item goes by term score, then import.
        Assert.Equal([id[3], id[0], id[1], id[2], id[4]], QueueOrder.Arrange(items, ScreeningStage.TitleAbstract, null).Select(i => i.ItemId));
    }

    private static Versioned<ItemDocument> Stored(ItemDocument document) => new(document, document.Item.Version + 1);

    private static ItemDocument Document(int index)
    {
        var recordId = new Guid(index + 1, 0, 0, new byte[8]);
        return new ItemDocument
        {
            ProjectId = Guid.Empty,
            RecordId = recordId,
            Citation = new CitationData { Title = $"Record {index}" },
            Item = ScreeningItem.Open(ItemDocument.ItemIdFor(recordId, ScreeningStage.TitleAbstract), recordId.ToString(), ScreeningStage.TitleAbstract),
            ImportedAt = Start.AddSeconds(index),
        };
    }
}

using EvSysReview.Screening.Core.Decisions;
using EvSysReview.Screening.Core.Protocol;
using EvSysReview.Screening.Core.Queue;
using EvSysReview.Screening.Core.Ranking;
using EvSysReview.Screening.Items;
using EvSysReview.Screening.Ranking;

namespace EvSysReview.Screening.Queue;

/// <summary>What `next` hands a reviewer: the item as committed, and the progress figures of its stage.</summary>
public sealed record QueuedItem(ItemDocument Document, ProgressView Progress);

/// <summary>A stage's open records by import and its labelled records by when they became final (ProjectQueue.RankingInputOf).</summary>
public sealed record RankingInput(IReadOnlyList<RankingRecord> Open, IReadOnlyList<LabelledRecord> Labelled);

/// <summary>
/// One project's screening queue in memory: every item as last committed (with its store version),
/// each stage's ranking, the open items in queue order and the leases `next` hands out. It is a
/// mirror, not a source: it is filled from the store on first use and then follows every committed
/// write of the module (ScreeningQueues.Committed), so `next` selects without reading the project's
/// items, and a command on a store only this process writes starts from the mirrored item instead
/// of reading it (its write is still conditional on the version). Updates are ordered by the store
/// version, so a late or repeated update never puts an older state back. Everything runs under one
/// lock per project: selection and leasing are atomic, so two reviewers asking at once see each
/// other's lease.
/// </summary>
public sealed class ProjectQueue
{
    private static readonly ScreeningStage[] Stages = [ScreeningStage.TitleAbstract, ScreeningStage.FullText];

    private readonly object _gate = new();
    private readonly Dictionary<Guid, MirrorEntry> _items = [];
    private readonly Dictionary<ScreeningStage, StageQueue> _stages = Stages.ToDictionary(s => s, _ => new StageQueue());
    private readonly List<ItemLease> _leases = [];

    /// <summary>Items and rankings read from the store; merged by version, so writes that landed meanwhile are kept.</summary>
    public void Load(IEnumerable<Versioned<ItemDocument>> items, IReadOnlyDictionary<ScreeningStage, StoredRanking> rankings)
    {
        lock (_gate)
        {
            foreach (var item in items) Put(item.Value, item.Version);
            foreach (var (stage, ranking) in rankings) _stages[stage].Stored ??= ranking;
        }
    }

    /// <summary>A committed item write at the store version it now has. Leases of reviewers whose decision is now in reserve nothing any more and are dropped.</summary>
    public void Put(ItemDocument item, long version)
    {
        lock (_gate)
        {
            var mirrored = _items.GetValueOrDefault(item.ItemId);
            if (mirrored is not null && mirrored.Committed.Version >= version) return;
            var known = mirrored?.Committed.Value;
            var arrival = mirrored?.Arrival ?? _items.Count;
            _items[item.ItemId] = new MirrorEntry(new Versioned<ItemDocument>(item, version), arrival);
            var stage = _stages[item.Stage];
            stage.Follow(known, item, arrival);
            var open = item.Item.Status == ItemStatus.AwaitingDecisions;
            // A new open item, or one open again (a withdrawal, a retraction overridden), needs a place in the order.
            if (open && (known is null || known.Item.Status != ItemStatus.AwaitingDecisions)) stage.Opened();
            _leases.RemoveAll(l => l.ItemId == item.ItemId && (!open || item.Item.DecisionOf(l.ReviewerId) is not null));
        }
    }

    /// <summary>
    /// A committed ranking. The queue order it gives is arranged here, on the ranking worker's thread
    /// and outside the lock, from a copy of the items: arranged lazily, the first `next` after each
    /// rerank sorted every open item inside the lock while every other reviewer's `next` waited.
    /// If an item opened meanwhile (the copy misses it), the order is left to be arranged lazily.
    /// </summary>
    public void Ranked(StoredRanking ranking)
    {
        List<ItemDocument> items;
        long openings;
        lock (_gate)
        {
            items = OpenHeld(ranking.Stage);
            openings = _stages[ranking.Stage].Openings;
        }

        var order = OrderOf(items, ranking.Stage, ranking.Result);
        lock (_gate)
        {
            var queue = _stages[ranking.Stage];
            queue.Stored = ranking;
            queue.Order = queue.Openings == openings ? order : null;
        }
    }

    public RankingResult? RankingOf(ScreeningStage stage)
    {
        lock (_gate) return _stages[stage].Ranking;
    }

    /// <summary>The stage's last committed ranking with when it was made and what automation announced; null before the first.</summary>
    public StoredRanking? StoredRankingOf(ScreeningStage stage)
    {
        lock (_gate) return _stages[stage].Stored;
    }

    /// <summary>Every item as last committed (for statistics).</summary>
    public IReadOnlyList<ItemDocument> Items()
    {
        lock (_gate) return ItemsHeld();
    }

    /// <summary>
    /// What the ranking worker trains on and ranks, in the orders it needs: the stage's open items by
    /// import, and its final items (retractions left out: they say nothing about relevance) by when they
    /// became final. Both orders are kept write by write: listing and sorting every item of the project
    /// on each rerank took 60–380 ms (wall time, on a loaded machine) at 70,000 items.
    /// Equal times keep the order in which the items reached this mirror. The records are made when
    /// an item is written, so the copy reads no document: in a heap of a gigabyte, following 70,000
    /// documents to their citations cost the rerank 20–35 ms of CPU in cache misses alone.
    /// </summary>
    public RankingInput RankingInputOf(ScreeningStage stage)
    {
        lock (_gate)
        {
            var queue = _stages[stage];
            var open = new List<RankingRecord>(queue.OpenByImport.Count);
            foreach (var entry in queue.OpenByImport) open.Add(entry.Record);
            var labelled = new List<LabelledRecord>(queue.LabelledByFinal.Count);
            foreach (var entry in queue.LabelledByFinal) labelled.Add(entry.Labelled!);
            return new RankingInput(open, labelled);
        }
    }

    /// <summary>The item as last committed and its store version; null when the project has no such item here.</summary>
    public Versioned<ItemDocument>? Mirrored(Guid itemId)
    {
        lock (_gate) return _items.GetValueOrDefault(itemId)?.Committed;
    }

    /// <summary>
    /// Core's NextItemSelector over the open items in queue order; with <paramref name="reserve"/>
    /// the served item is leased to the reviewer until now + the protocol's lease duration.
    /// </summary>
    /// <returns>null when nothing is left for this reviewer.</returns>
    public QueuedItem? Next(ScreeningStage stage, string reviewerId, ScreeningProtocol protocol, bool reserve, DateTimeOffset now)
    {
        lock (_gate)
        {
            _leases.RemoveAll(l => !l.IsActiveAt(now));
            var queue = _stages[stage];
            var order = OrderOf(stage, queue);
            var assignment = NextItemSelector.SelectNext(reviewerId, OpenItems(order), _leases, protocol, now);
            if (assignment is null) return null;
            if (reserve)
            {
                _leases.RemoveAll(l => l.ItemId == assignment.Lease.ItemId && l.ReviewerId == reviewerId);
                _leases.Add(assignment.Lease);
            }

            return new QueuedItem(_items[assignment.Item.ItemId].Committed.Value, queue.Progress());
        }
    }

    /// <summary>A withdrawal ends the reviewer's reservation of the item.</summary>
    public void Release(Guid itemId, string reviewerId)
    {
        lock (_gate) _leases.RemoveAll(l => l.ItemId == itemId && l.ReviewerId == reviewerId);
    }

    public int ActiveLeases(DateTimeOffset now)
    {
        lock (_gate) return _leases.Count(l => l.IsActiveAt(now));
    }

    private List<Guid> OrderOf(ScreeningStage stage, StageQueue queue) => queue.Order ??= OrderOf(OpenHeld(stage), stage, queue.Ranking);

    private static List<Guid> OrderOf(IReadOnlyList<ItemDocument> items, ScreeningStage stage, RankingResult? ranking) =>
        QueueOrder.Arrange(items, stage, ranking).Select(i => i.ItemId).ToList();

    /// <summary>A copy of every item as last committed; only under the lock.</summary>
    private List<ItemDocument> ItemsHeld() => [.. _items.Values.Select(i => i.Committed.Value)];

    /// <summary>The stage's open items as last committed, by import; only under the lock.</summary>
    private List<ItemDocument> OpenHeld(ScreeningStage stage) => Documents(_stages[stage].OpenByImport);

    /// <summary>A kept order copied out: a walk of the tree and nothing else, as it runs under the lock that `next` waits for.</summary>
    private static List<ItemDocument> Documents(SortedSet<Ordered> order)
    {
        var documents = new List<ItemDocument>(order.Count);
        foreach (var entry in order) documents.Add(entry.Document);
        return documents;
    }

    /// <summary>The order is rebuilt only when items open or the ranking changes; items that left the open state since are skipped here, lazily.</summary>
    private IEnumerable<ScreeningItem> OpenItems(List<Guid> order)
    {
        foreach (var id in order)
        {
            var item = _items[id].Committed.Value.Item;
            if (item.Status == ItemStatus.AwaitingDecisions) yield return item;
        }
    }

    /// <summary>
    /// A stage's ranking and order, and its progress kept up to date write by write: recounting the
    /// project's items on each `next` (every decision changed the figures) took the project's lock
    /// for a pass over every item and a sort, and the other reviewers' `next` waited behind it.
    /// </summary>
    private sealed class StageQueue
    {
        // Final items by when they became final: the newest run of excludes is the stopping figure.
        private readonly SortedSet<(DateTimeOffset FinalisedAt, Guid ItemId, bool Included, bool Retracted)> _finals = new();
        private int _items;

        /// <summary>Open items by import; equal times by arrival in the mirror.</summary>
        public SortedSet<Ordered> OpenByImport { get; } = new(Ordered.ByTimeThenArrival);

        /// <summary>Final items the classifier learns from (retractions left out) by when they became final; equal times by arrival.</summary>
        public SortedSet<Ordered> LabelledByFinal { get; } = new(Ordered.ByTimeThenArrival);

        public StoredRanking? Stored { get; set; }

        public RankingResult? Ranking => Stored?.Result;

        public List<Guid>? Order { get; set; }

        /// <summary>How often an item of the stage opened (arrived, or opened again): each one makes the order stale.</summary>
        public long Openings { get; private set; }

        public void Opened()
        {
            Openings++;
            Order = null;
        }

        public void Follow(ItemDocument? before, ItemDocument after, long arrival)
        {
            if (before is null) _items++;
            else
            {
                if (Final(before) is { } was) _finals.Remove(was);
                if (Open(before, arrival) is { } wasOpen) OpenByImport.Remove(wasOpen);
                if (Labelled(before, arrival) is { } wasLabelled) LabelledByFinal.Remove(wasLabelled);
            }

            if (Final(after) is { } now) _finals.Add(now);
            if (Open(after, arrival) is { } open) OpenByImport.Add(open);
            if (Labelled(after, arrival) is { } labelled) LabelledByFinal.Add(labelled);
        }

        public ProgressView Progress() => new(
            _finals.Count,
            _items - _finals.Count,
            Ranking?.EstimatedRelevantRemaining,
            QueueOrder.ConsecutiveExcludes(_finals.Reverse().Select(f => (f.Included, f.Retracted))));

        private static (DateTimeOffset, Guid, bool, bool)? Final(ItemDocument document) =>
            document.Item.Status == ItemStatus.Final
                ? (document.Item.FinalisedAt!.Value, document.ItemId, document.Item.Outcome!.IsInclude, document.Item.Outcome.Basis == FinalBasis.Retraction)
                : null;

        private static Ordered? Open(ItemDocument document, long arrival) =>
            document.Item.Status == ItemStatus.AwaitingDecisions ? new Ordered(document.ImportedAt, arrival, document, RecordOf(document), null) : null;

        private static Ordered? Labelled(ItemDocument document, long arrival)
        {
            if (document.Item.Status != ItemStatus.Final || document.Item.Outcome!.Basis == FinalBasis.Retraction) return null;
            var record = RecordOf(document);
            return new Ordered(document.Item.FinalisedAt!.Value, arrival, document, record, new LabelledRecord(record, document.Item.Outcome.IsInclude));
        }

        private static RankingRecord RecordOf(ItemDocument document) =>
            new(document.ItemId, document.Citation.Title, document.Citation.Abstract, document.Citation.MeshTerms, HumanDecided: document.Item.Decisions.Count > 0);
    }

    /// <summary>
    /// An item in one of a stage's kept orders, by a time and then by arrival in the mirror. It carries
    /// the document as last committed and what the ranker reads of it (every write replaces the
    /// entry), so copying an order out under the lock is a walk of the tree without a lookup per item.
    /// </summary>
    private readonly record struct Ordered(DateTimeOffset At, long Arrival, ItemDocument Document, RankingRecord Record, LabelledRecord? Labelled)
    {
        public static readonly IComparer<Ordered> ByTimeThenArrival = Comparer<Ordered>.Create((x, y) =>
            x.At != y.At ? x.At.CompareTo(y.At) : x.Arrival.CompareTo(y.Arrival));
    }

    /// <summary>An item as last committed, and its place in the order items reached the mirror (ties in the ranking input go by it).</summary>
    private sealed record MirrorEntry(Versioned<ItemDocument> Committed, long Arrival);
}

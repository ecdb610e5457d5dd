namespace EvSysReview.Ingestion.Citations.Deduplication;

/// <summary>
/// Groups records that describe the same paper into clusters, keeping every source record.
/// Matching uses hash indexes only (PMID, DOI, PMCID, folded title), so adding n records costs
/// about n look-ups, never n² comparisons. Incremental: add the next batch (a PubMed alert after
/// a manual import) to the same instance; to resume after a restart, add the stored records in
/// their original order and replay the stored merges and splits.
/// </summary>
public sealed class CitationDeduplicator(DeduplicationOptions? options = null)
{
    private readonly DeduplicationOptions options = options ?? DeduplicationOptions.Default;
    private readonly List<Entry> entries = [];
    private readonly Dictionary<string, int> entryByKey = new(StringComparer.Ordinal);
    private readonly ClusterSets clusters = new();
    private readonly Dictionary<string, int> byPmid = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> byDoi = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> byPmcid = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> byTitle = new(StringComparer.Ordinal);

    public int RecordCount => entries.Count;

    public int ClusterCount => clusters.Count;

    public DeduplicationOutcome Add(string recordKey, CitationRecord record, string source)
    {
        if (entryByKey.ContainsKey(recordKey)) throw new ArgumentException($"record key '{recordKey}' was already added", nameof(recordKey));
        var entry = new Entry(recordKey, record, source, entries.Count);
        entries.Add(entry);
        entryByKey[recordKey] = entry.Index;
        clusters.AddSingleton(entry.Index);

        (DuplicateMatch Match, int Entry)? first = null;
        foreach (var (match, other) in Candidates(entry))
        {
            if (clusters.Find(other) == clusters.Find(entry.Index)) continue;
            if (clusters.TryUnion(entry.Index, other)) first ??= (match, other);
        }
        Index(entry);
        return new DeduplicationOutcome(recordKey, ClusterId(entry.Index), first?.Match, first is { } f ? entries[f.Entry].Key : null);
    }

    public IReadOnlyList<DeduplicationOutcome> AddBatch(IEnumerable<(string RecordKey, CitationRecord Record)> batch, string source) =>
        batch.Select(item => Add(item.RecordKey, item.Record, source)).ToList();

    public DuplicateCluster ClusterOf(string recordKey) => Describe(clusters.Find(IndexOf(recordKey)));

    public IEnumerable<DuplicateCluster> Clusters() => clusters.Roots().Select(Describe);

    /// <summary>A reviewer says two clusters are the same paper; earlier "keep apart" decisions between them are lifted.</summary>
    public DuplicateCluster Merge(string clusterId, string otherClusterId)
    {
        var a = IndexOf(clusterId);
        var b = IndexOf(otherClusterId);
        clusters.ForceUnion(a, b);
        return Describe(clusters.Find(a));
    }

    /// <summary>
    /// A reviewer says these records are a different paper from the rest of their cluster: they
    /// move to a cluster of their own, and later adds never join the two again automatically.
    /// </summary>
    public DuplicateCluster Split(IReadOnlyCollection<string> recordKeys)
    {
        var moving = recordKeys.Select(IndexOf).ToList();
        clusters.Split(moving);
        return Describe(clusters.Find(moving[0]));
    }

    public IdentificationCounts Counts()
    {
        var perSource = entries.GroupBy(e => e.Source).ToDictionary(g => g.Key, g => g.Count());
        return new IdentificationCounts(perSource, entries.Count, entries.Count - clusters.Count, clusters.Count);
    }

    private IEnumerable<(DuplicateMatch, int)> Candidates(Entry entry)
    {
        var record = entry.Record;
        if (record.Pmid is { } pmid && byPmid.TryGetValue(pmid, out var samePmid)) yield return (DuplicateMatch.Pmid, samePmid);
        if (record.Doi is { } doi && byDoi.TryGetValue(doi, out var sameDoi) && !Conflicting(entry, entries[sameDoi], checkDoi: false))
            yield return (DuplicateMatch.Doi, sameDoi);
        if (record.Pmcid is { } pmcid && byPmcid.TryGetValue(pmcid, out var samePmcid) && !Conflicting(entry, entries[samePmcid], checkDoi: false))
            yield return (DuplicateMatch.Pmcid, samePmcid);
        if (entry.FoldedTitle.Length >= options.MinimumTitleLength && byTitle.TryGetValue(entry.FoldedTitle, out var sameTitle))
        {
            foreach (var other in sameTitle)
            {
                if (FuzzyMatch(entry, entries[other])) yield return (DuplicateMatch.TitleYearFirstAuthor, other);
            }
        }
    }

    /// <summary>
    /// Same folded title, and: years within tolerance when both have one; first authors equal
    /// when both have one; and at least one of year or author present on both sides.
    /// </summary>
    private bool FuzzyMatch(Entry a, Entry b)
    {
        if (Conflicting(a, b, checkDoi: true)) return false;
        var bothYears = a.Record.Year is not null && b.Record.Year is not null;
        var bothAuthors = a.FirstAuthor.Length > 0 && b.FirstAuthor.Length > 0;
        if (bothYears && Math.Abs(a.Record.Year!.Value - b.Record.Year!.Value) > options.YearTolerance) return false;
        if (bothAuthors && a.FirstAuthor != b.FirstAuthor) return false;
        return bothYears || bothAuthors;
    }

    // Two different PMIDs (or DOIs) are two different papers, whatever else they share.
    private static bool Conflicting(Entry a, Entry b, bool checkDoi) =>
        a.Record.Pmid is not null && b.Record.Pmid is not null && a.Record.Pmid != b.Record.Pmid
        || checkDoi && a.Record.Doi is not null && b.Record.Doi is not null && a.Record.Doi != b.Record.Doi;

    private void Index(Entry entry)
    {
        if (entry.Record.Pmid is { } pmid) byPmid.TryAdd(pmid, entry.Index);
        if (entry.Record.Doi is { } doi) byDoi.TryAdd(doi, entry.Index);
        if (entry.Record.Pmcid is { } pmcid) byPmcid.TryAdd(pmcid, entry.Index);
        if (entry.FoldedTitle.Length < options.MinimumTitleLength) return;
        if (!byTitle.TryGetValue(entry.FoldedTitle, out var list)) byTitle[entry.FoldedTitle] = list = [];
        list.Add(entry.Index);
    }

    private int IndexOf(string recordKey) =>
        entryByKey.TryGetValue(recordKey, out var index) ? index : throw new KeyNotFoundException($"no record '{recordKey}'");

    private string ClusterId(int entryIndex) => entries[clusters.Members(clusters.Find(entryIndex)).Min()].Key;

    private DuplicateCluster Describe(int root)
    {
        var members = clusters.Members(root).Order().ToList();
        var primary = members.MaxBy(i => (entries[i].Completeness, -i));
        return new DuplicateCluster(entries[members[0]].Key, members.Select(i => entries[i].Key).ToList(), entries[primary].Key);
    }

    private sealed class Entry(string key, CitationRecord record, string source, int index)
    {
        public string Key { get; } = key;
        public CitationRecord Record { get; } = record;
        public string Source { get; } = source;
        public int Index { get; } = index;
        public string FoldedTitle { get; } = MatchKeys.FoldTitle(record.Title);
        public string FirstAuthor { get; } = MatchKeys.FoldName(record.FirstAuthor is { } a ? a.LastName ?? a.CollectiveName : null);
        public int Completeness { get; } = CompletenessScore.Of(record);
    }
}

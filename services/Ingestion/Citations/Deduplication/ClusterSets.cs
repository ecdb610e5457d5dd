namespace EvSysReview.Ingestion.Citations.Deduplication;

/// <summary>
/// Disjoint sets of entry indexes with explicit member lists, so a cluster can be split (plain
/// union-find cannot). Union moves the smaller list into the larger, which keeps n unions at
/// O(n log n). "Keep apart" pairs from manual splits veto automatic unions.
/// </summary>
internal sealed class ClusterSets
{
    private readonly List<int> clusterOf = [];
    private readonly Dictionary<int, List<int>> members = [];
    private readonly Dictionary<int, HashSet<int>> keptApart = [];
    private int nextCluster;

    public int Count => members.Count;

    public void AddSingleton(int entry)
    {
        clusterOf.Add(nextCluster);
        members[nextCluster++] = [entry];
    }

    public int Find(int entry) => clusterOf[entry];

    public IReadOnlyList<int> Members(int cluster) => members[cluster];

    public IEnumerable<int> Roots() => members.Keys.OrderBy(c => members[c].Min());

    /// <summary>Joins the clusters of two entries unless a manual split keeps them apart.</summary>
    public bool TryUnion(int a, int b)
    {
        var (ca, cb) = (Find(a), Find(b));
        if (ca == cb) return true;
        if (KeptApart(ca, cb)) return false;
        Join(ca, cb);
        return true;
    }

    public void ForceUnion(int a, int b)
    {
        var (ca, cb) = (Find(a), Find(b));
        if (ca == cb) return;
        foreach (var m in members[ca])
        {
            if (keptApart.TryGetValue(m, out var apart)) apart.ExceptWith(members[cb]);
        }
        foreach (var m in members[cb])
        {
            if (keptApart.TryGetValue(m, out var apart)) apart.ExceptWith(members[ca]);
        }
        Join(ca, cb);
    }

    public void Split(IReadOnlyList<int> moving)
    {
        var source = Find(moving[0]);
        if (moving.Any(m => Find(m) != source)) throw new ArgumentException("records to split off must be in one cluster");
        var staying = members[source].Except(moving).ToList();
        if (staying.Count == 0) return;
        members[source] = staying;
        var target = nextCluster++;
        members[target] = [.. moving];
        foreach (var m in moving) clusterOf[m] = target;
        foreach (var m in moving) Apart(m).UnionWith(staying);
        foreach (var s in staying) Apart(s).UnionWith(moving);
    }

    private HashSet<int> Apart(int entry)
    {
        if (!keptApart.TryGetValue(entry, out var set)) keptApart[entry] = set = [];
        return set;
    }

    private bool KeptApart(int ca, int cb)
    {
        if (keptApart.Count == 0) return false;
        var (small, large) = members[ca].Count <= members[cb].Count ? (ca, cb) : (cb, ca);
        foreach (var m in members[small])
        {
            if (keptApart.TryGetValue(m, out var apart) && apart.Any(o => clusterOf[o] == large)) return true;
        }
        return false;
    }

    private void Join(int ca, int cb)
    {
        var (small, large) = members[ca].Count <= members[cb].Count ? (ca, cb) : (cb, ca);
        foreach (var m in members[small]) clusterOf[m] = large;
        members[large].AddRange(members[small]);
        members.Remove(small);
    }
}

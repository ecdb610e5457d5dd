using EvSysReview.Contracts;
using EvSysReview.Contracts.Ingestion;
using EvSysReview.Ingestion.Citations;
using EvSysReview.Ingestion.Citations.Deduplication;
using EvSysReview.Ingestion.Records;

namespace EvSysReview.Ingestion.Clusters;

/// <summary>
/// The deduplicated citations of one project, held in memory and rebuilt from the store (records in
/// order, decisions at the point they were made). Applying a record or a decision is deterministic
/// and returns the events it causes, so a rebuild reaches the same clusters, the same announced
/// citations and the same retraction flags as the live run did; the rebuild discards the events.
/// </summary>
public sealed class ProjectCitations(Guid projectId)
{
    private readonly CitationDeduplicator deduplicator = new();
    private readonly Dictionary<string, SourceRecord> records = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> keysByPmid = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> retractedByNotice = new(StringComparer.Ordinal);
    private readonly HashSet<string> announced = new(StringComparer.Ordinal);
    private readonly HashSet<string> retractionAnnounced = new(StringComparer.Ordinal);

    public Guid ProjectId => projectId;

    /// <summary>The store version of the project's ledger this state corresponds to (0: no ledger yet).</summary>
    public long LedgerVersion { get; set; }

    public int RecordCount => deduplicator.RecordCount;

    public int DecisionCount { get; private set; }

    public SourceRecord? Find(Guid recordId) => records.GetValueOrDefault(Key(recordId));

    public IEnumerable<SourceRecord> Records => records.Values;

    public IdentificationCounts Counts() => deduplicator.Counts();

    public IEnumerable<DuplicateCluster> Clusters() => deduplicator.Clusters();

    public DuplicateCluster ClusterOf(Guid recordId) => deduplicator.ClusterOf(Key(recordId));

    public SourceRecord Record(string key) => records[key];

    public bool IsRetracted(DuplicateCluster cluster) => cluster.RecordKeys.Any(k => IsRetracted(records[k]));

    /// <summary>Adds a source record; returns it with the deduplicator's verdict, and the events it causes.</summary>
    public (SourceRecord Stored, List<IntegrationEvent> Events) Apply(SourceRecord record, Guid correlationId)
    {
        var key = Key(record.Id);
        var outcome = deduplicator.Add(key, record.Citation, record.Source);
        var stored = record with { Duplicate = outcome.IsDuplicate, MatchedOn = MatchName(outcome.MatchedBy) };
        records[key] = stored;
        if (stored.Citation.Pmid is { } pmid)
        {
            if (!keysByPmid.TryGetValue(pmid, out var keys)) keysByPmid[pmid] = keys = [];
            keys.Add(key);
        }

        var events = new List<IntegrationEvent>();
        if (outcome.IsDuplicate)
        {
            events.Add(new DuplicateDetected
            {
                ProjectId = projectId, CorrelationId = correlationId,
                RecordId = Guid.Parse(outcome.ClusterId), DuplicateSourceRecordId = record.Id, Source = record.Source, MatchedOn = stored.MatchedOn!,
            });
        }

        Announce(outcome.ClusterId, correlationId, events);
        RetractIfNew(outcome.ClusterId, correlationId, events);

        // A retraction notice retracts the records it names, whichever source brought them in.
        if (stored.Citation.IsRetractionNotice)
        {
            foreach (var link in stored.Citation.Links.Where(l => l.Type == CitationLinkType.RetractionOf && l.Pmid is not null))
            {
                retractedByNotice.TryAdd(link.Pmid!, stored.Citation.Pmid);
                foreach (var retractedKey in keysByPmid.GetValueOrDefault(link.Pmid!) ?? [])
                    RetractIfNew(deduplicator.ClusterOf(retractedKey).Id, correlationId, events);
            }
        }

        return (stored, events);
    }

    public List<IntegrationEvent> Apply(ClusterDecision decision, Guid correlationId)
    {
        DecisionCount = Math.Max(DecisionCount, decision.Sequence + 1);
        var events = new List<IntegrationEvent>();
        if (decision.Kind == ClusterDecisionKind.Merge)
        {
            var first = deduplicator.ClusterOf(Key(decision.RecordIds[0])).Id;
            var second = deduplicator.ClusterOf(Key(decision.RecordIds[1])).Id;
            if (first == second) return events;
            var merged = deduplicator.Merge(first, second);
            var absorbed = merged.Id == first ? second : first;
            events.Add(new DuplicateDetected
            {
                ProjectId = projectId, CorrelationId = correlationId,
                RecordId = Guid.Parse(merged.Id), DuplicateSourceRecordId = Guid.Parse(absorbed), Source = records[absorbed].Source, MatchedOn = "manual",
            });
            Announce(merged.Id, correlationId, events);
            RetractIfNew(merged.Id, correlationId, events);
        }
        else
        {
            var moving = decision.RecordIds.Select(Key).ToList();
            var before = deduplicator.ClusterOf(moving[0]);
            var staying = before.RecordKeys.Except(moving).ToList();
            if (staying.Count == 0) return events;
            var split = deduplicator.Split(moving);
            foreach (var id in new[] { split.Id, deduplicator.ClusterOf(staying[0]).Id })
            {
                Announce(id, correlationId, events);
                RetractIfNew(id, correlationId, events);
            }
        }

        return events;
    }

    /// <summary>A cluster id never seen before becomes a citation (CitationImported, once per id).</summary>
    private void Announce(string clusterId, Guid correlationId, List<IntegrationEvent> events)
    {
        if (announced.Contains(clusterId)) return;
        announced.Add(clusterId);
        var cluster = deduplicator.ClusterOf(clusterId);
        var retracted = IsRetracted(cluster);
        if (retracted) retractionAnnounced.Add(clusterId);
        var primary = records[cluster.PrimaryRecordKey];
        events.Add(new CitationImported
        {
            ProjectId = projectId, CorrelationId = correlationId,
            RecordId = Guid.Parse(clusterId), ImportId = primary.ImportId, Source = primary.Source,
            Citation = CitationDataMapping.ToData(primary.Citation, retracted),
        });
    }

    private void RetractIfNew(string clusterId, Guid correlationId, List<IntegrationEvent> events)
    {
        if (!announced.Contains(clusterId) || retractionAnnounced.Contains(clusterId)) return;
        var cluster = deduplicator.ClusterOf(clusterId);
        var retractedRecord = cluster.RecordKeys.Select(k => records[k]).FirstOrDefault(IsRetracted);
        if (retractedRecord is null) return;
        retractionAnnounced.Add(clusterId);
        var pmid = retractedRecord.Citation.Pmid;
        var notice = pmid is not null && retractedByNotice.TryGetValue(pmid, out var n)
            ? n
            : retractedRecord.Citation.Links.FirstOrDefault(l => l.Type == CitationLinkType.RetractionIn)?.Pmid;
        events.Add(new CitationRetracted { ProjectId = projectId, CorrelationId = correlationId, RecordId = Guid.Parse(clusterId), Pmid = pmid, NoticePmid = notice });
    }

    private bool IsRetracted(SourceRecord record) =>
        record.Citation.IsRetracted || record.Citation.Pmid is { } pmid && retractedByNotice.ContainsKey(pmid);

    public static string Key(Guid recordId) => recordId.ToString("D");

    public static string? MatchName(DuplicateMatch? match) => match switch
    {
        null => null,
        DuplicateMatch.Pmid => "pmid",
        DuplicateMatch.Doi => "doi",
        DuplicateMatch.Pmcid => "pmcid",
        DuplicateMatch.TitleYearFirstAuthor => "title-year-author",
        _ => "manual",
    };
}

namespace EvSysReview.Ingestion.Clusters;

/// <summary>
/// One per project: how many source records and cluster decisions it has. Every record or
/// decision commit rewrites it with the version it was read at, so two writers (two instances, or
/// a cached deduplicator that fell behind) can never both add the "next" record.
/// </summary>
public sealed record IngestionLedger(Guid ProjectId, int RecordCount, int DecisionCount)
{
    public const string Collection = "ingestion-ledgers";
}

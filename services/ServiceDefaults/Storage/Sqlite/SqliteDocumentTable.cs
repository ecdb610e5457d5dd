namespace EvSysReview.ServiceDefaults.Storage.Sqlite;

/// <summary>
/// A table documents live in, with its statements (constant strings, so each connection compiles
/// them once). <see cref="Documents"/> holds every collection by default: a rowid table with an index
/// on the key and one on the partition, so a partition lists in insertion order. <see cref="Keyed"/>
/// holds collections that are only ever found by id (the Idempotency-Key marks): one B-tree ordered
/// by the key itself (WITHOUT ROWID) and no partition index. A mark there dirties one page per
/// commit instead of three (the table's last page, a page of the key index, the partition index's
/// last page), and with a time-ordered id (<see cref="IdempotencyRecord.IdFor"/>) the page it
/// dirties is the last one, which the batch's other marks share (docs/performance.md).
/// </summary>
internal sealed class SqliteDocumentTable(string name, bool partitionIndexed, string rowKey)
{
    public static readonly SqliteDocumentTable Documents = new("documents", partitionIndexed: true, rowKey: "rowid");

    public static readonly SqliteDocumentTable Keyed = new("keyed_documents", partitionIndexed: false, rowKey: "id");

    public string Name { get; } = name;

    /// <summary>With no index on the partition, assigning it costs nothing; in <see cref="Documents"/> it rewrites an index entry (see the upsert's caller).</summary>
    public bool PartitionIndexed { get; } = partitionIndexed;

    /// <summary>What names one row of the table: the rowid, or the id where there is none (WITHOUT ROWID); the retention purge deletes by it.</summary>
    public string RowKey { get; } = rowKey;

    public string Get { get; } = $"SELECT collection, id, partition, version, json, updated_at FROM {name} WHERE collection = $c AND id = $i";

    /// <summary>Insertion order in <see cref="Documents"/>; in <see cref="Keyed"/> a scan of the collection ordered by id: these collections are not meant to be listed.</summary>
    public string List { get; } = $"SELECT collection, id, partition, version, json, updated_at FROM {name} WHERE collection = $c AND partition = $p ORDER BY {rowKey}";

    public string Count { get; } = $"SELECT COUNT(*) FROM {name} WHERE collection = $c AND partition = $p";

    public string Current { get; } = $"SELECT version, partition FROM {name} WHERE collection = $c AND id = $i";

    public string Delete { get; } = $"DELETE FROM {name} WHERE collection = $c AND id = $i";

    public string UpsertInPlace { get; } = Upsert(name) + " version = $v, json = excluded.json, updated_at = $t";

    public string UpsertMoving { get; } = Upsert(name) + " partition = $p, version = $v, json = excluded.json, updated_at = $t";

    private static string Upsert(string table) => $"""
        INSERT INTO {table} (collection, id, partition, version, json, updated_at) VALUES ($c, $i, $p, $v, CAST($j AS TEXT), $t)
        ON CONFLICT (collection, id) DO UPDATE SET
        """;
}

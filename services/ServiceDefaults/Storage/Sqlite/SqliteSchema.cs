namespace EvSysReview.ServiceDefaults.Storage.Sqlite;

internal static class SqliteSchema
{
    /// <summary>
    /// Moves the documents of collections now kept in keyed_documents out of documents, where a file
    /// written before 2026-12-03 holds them; one transaction, nothing to do when there are none.
    /// </summary>
    public static void MoveToKeyed(Microsoft.Data.Sqlite.SqliteConnection connection, IReadOnlyCollection<string> collections)
    {
        if (collections.Count == 0) return;
        using var transaction = connection.BeginTransaction(deferred: false);
        foreach (var sql in new[]
        {
            "INSERT OR IGNORE INTO keyed_documents SELECT collection, id, partition, version, json, updated_at FROM documents WHERE collection IN (SELECT value FROM json_each($c))",
            "DELETE FROM documents WHERE collection IN (SELECT value FROM json_each($c))",
        })
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.Parameters.AddWithValue("$c", System.Text.Json.JsonSerializer.Serialize(collections));
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>Adds what later versions added to files an earlier version created.</summary>
    public static void Upgrade(Microsoft.Data.Sqlite.SqliteConnection connection)
    {
        AddOutboxColumn(connection, "trace_parent");
        AddOutboxColumn(connection, "parked_at");
        // The pending read skips parked rows inside this index (both columns NULL, then seq order) instead
        // of reading each parked row on every round; it replaces outbox_pending (dispatched_at, seq).
        using var index = connection.CreateCommand();
        index.CommandText = "DROP INDEX IF EXISTS outbox_pending; CREATE INDEX IF NOT EXISTS outbox_unsent ON outbox (dispatched_at, parked_at, seq);";
        index.ExecuteNonQuery();
    }

    private static void AddOutboxColumn(Microsoft.Data.Sqlite.SqliteConnection connection, string name)
    {
        using var columns = connection.CreateCommand();
        columns.CommandText = "SELECT COUNT(*) FROM pragma_table_info('outbox') WHERE name = $n";
        columns.Parameters.AddWithValue("$n", name);
        if (Convert.ToInt32(columns.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0) return;
        using var alter = connection.CreateCommand();
        alter.CommandText = $"ALTER TABLE outbox ADD COLUMN {name} TEXT NULL";
        alter.ExecuteNonQuery();
    }

    // WAL lets readers run while the dispatcher or a command writes; busy_timeout waits for the
    // write lock instead of failing when two writers meet.
    /// <summary>Both document tables' columns: the keyed one differs only in being ordered by its key (WITHOUT ROWID).</summary>
    private const string DocumentColumns = "collection TEXT NOT NULL, id TEXT NOT NULL, partition TEXT NOT NULL, version INTEGER NOT NULL, json TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (collection, id)";

    public const string Create = $$"""
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = NORMAL;
        PRAGMA busy_timeout = 30000;
        CREATE TABLE IF NOT EXISTS documents (
            {{DocumentColumns}});
        CREATE INDEX IF NOT EXISTS documents_by_partition ON documents (collection, partition);
        CREATE TABLE IF NOT EXISTS keyed_documents (
            {{DocumentColumns}}) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS outbox (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            message_id TEXT NOT NULL UNIQUE,
            message_type TEXT NOT NULL,
            json TEXT NOT NULL,
            created_at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            dispatched_at TEXT NULL,
            trace_parent TEXT NULL,
            -- Set when the row can never be published (unknown type, unreadable JSON); kept unsent.
            parked_at TEXT NULL);
        CREATE TABLE IF NOT EXISTS inbox (
            consumer TEXT NOT NULL,
            message_id TEXT NOT NULL,
            applied_at TEXT NOT NULL,
            PRIMARY KEY (consumer, message_id));
        """;
}

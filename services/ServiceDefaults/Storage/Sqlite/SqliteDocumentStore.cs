using System.Diagnostics;
using EvSysReview.ServiceDefaults.Diagnostics;
using EvSysReview.ServiceDefaults.Storage.Retention;
using Microsoft.Data.Sqlite;

namespace EvSysReview.ServiceDefaults.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file per service module in WAL mode. A commit is one
/// BEGIN IMMEDIATE transaction, so the version checks, document writes, outbox rows and inbox row
/// land together or not at all.
/// </summary>
public sealed class SqliteDocumentStore : IDocumentStore, IDisposable
{
    // SQLite admits one writer per file. Writers of this process queue here asynchronously instead of
    // inside SQLite's busy handler, which sleeps a thread-pool thread per waiting writer: on a small
    // machine a burst of consumers could starve the pool and stall every module for seconds.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> WriteGates = new(StringComparer.Ordinal);

    /// <summary>Enough to amortise a transaction under load, few enough that one batch holds the lock briefly.</summary>
    public const int DefaultCommitsPerTransaction = 64;

    private readonly int _maxCommitsPerTransaction;
    private readonly SqliteConnectionPool _connections;
    private readonly SemaphoreSlim _writeGate;
    private readonly SqliteWalCheckpointer _checkpointer;
    private readonly System.Collections.Concurrent.ConcurrentQueue<PendingCommit> _queued = new();
    private int _writing;
    private SqliteLease? _writer;
    private readonly HashSet<string> _keyed;

    /// <param name="maxCommitsPerTransaction">Group commit's cap; 1 writes every commit in a transaction of its own (benchmarks compare the two).</param>
    /// <param name="checkpointInterval">How often, at most, the WAL is copied back in the background (<see cref="SqliteWalCheckpointer"/>); tests shorten it.</param>
    /// <param name="keyedCollections">Collections only ever found by id, kept in a table of their own (<see cref="SqliteDocumentTable.Keyed"/>).</param>
    public SqliteDocumentStore(string databasePath, int maxCommitsPerTransaction = DefaultCommitsPerTransaction, TimeSpan? checkpointInterval = null, IReadOnlyCollection<string>? keyedCollections = null)
    {
        _keyed = new HashSet<string>(keyedCollections ?? [], StringComparer.Ordinal);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCommitsPerTransaction, 1);
        _maxCommitsPerTransaction = maxCommitsPerTransaction;
        var fullPath = Path.GetFullPath(databasePath);
        _writeGate = WriteGates.GetOrAdd(fullPath, _ => new SemaphoreSlim(1, 1));
        var directory = Path.GetDirectoryName(fullPath);
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        // Not Microsoft.Data.Sqlite's pool: ours keeps each connection's compiled statements (SqliteConnectionPool).
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString();
        _connections = new SqliteConnectionPool(connectionString, ConnectionSettings);
        using var lease = _connections.Rent();
        Execute(lease.Connection, SqliteSchema.Create);
        SqliteSchema.Upgrade(lease.Connection);
        SqliteSchema.MoveToKeyed(lease.Connection, _keyed);
        _checkpointer = new SqliteWalCheckpointer(_connections.Open, checkpointInterval ?? SqliteWalCheckpointer.DefaultInterval);
    }

    /// <summary>Closes the idle connections and the writer's: for tests and tools with a store of their own. A host's
    /// stores live as long as its process, as Microsoft.Data.Sqlite's pooled connections did.</summary>
    public void Dispose()
    {
        _checkpointer.Dispose();
        _connections.Dispose();
        _writer?.Close();
    }

    /// <summary>
    /// The connection every write of this store goes through; only under the write gate. In WAL mode a
    /// connection drops its whole page cache whenever another connection has written since its last
    /// transaction, so with writes taking whichever pooled connection came first, nearly every commit
    /// started cold and read the pages of the tables and indexes it changes back with one system call
    /// each. One connection that alone writes keeps them cached from one commit to the next.
    /// </summary>
    private SqliteLease Writer()
    {
        if (_writer is { IsReusable: true } writer) return writer;
        // A write that failed half-way can leave its transaction open: start again on a new connection.
        _writer?.Close();
        return _writer = _connections.Open();
    }

    private SqliteDocumentTable TableOf(string collection) => _keyed.Contains(collection) ? SqliteDocumentTable.Keyed : SqliteDocumentTable.Documents;

    public async Task<StoredDocument?> GetAsync(string collection, string id, CancellationToken cancellationToken = default)
    {
        using var lease = _connections.Rent();
        var command = lease.Command(TableOf(collection).Get);
        command.Parameters.AddWithValue("$c", collection);
        command.Parameters.AddWithValue("$i", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadDocument(reader) : null;
    }

    public async Task<IReadOnlyList<StoredDocument>> ListAsync(string collection, string partition, CancellationToken cancellationToken = default)
    {
        using var lease = _connections.Rent();
        var command = lease.Command(TableOf(collection).List);
        command.Parameters.AddWithValue("$c", collection);
        command.Parameters.AddWithValue("$p", partition);
        var documents = new List<StoredDocument>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) documents.Add(ReadDocument(reader));
        return documents;
    }

    public async Task<int> CountAsync(string collection, string partition, CancellationToken cancellationToken = default)
    {
        using var lease = _connections.Rent();
        var command = lease.Command(TableOf(collection).Count);
        command.Parameters.AddWithValue("$c", collection);
        command.Parameters.AddWithValue("$p", partition);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Group commit: commits that arrive while another is being written wait in a queue, and the
    /// first caller to find no batch under way writes the whole queue in one transaction, each unit
    /// inside its own savepoint (a unit that conflicts or was already applied is rolled back alone
    /// and reported to its own caller). Under load this turns many small transactions, each taking
    /// the file's one write lock and appending its own WAL frames, into a few larger ones; alone, a
    /// commit is still one transaction of its own.
    /// </summary>
    public async Task<CommitResult> CommitAsync(UnitOfWork work, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingCommit(work, cancellationToken) { Timing = ServerTiming.Current };
        if (pending.Timing is not null) pending.Enqueued = Stopwatch.GetTimestamp();
        _queued.Enqueue(pending);
        if (Interlocked.CompareExchange(ref _writing, 1, 0) == 0) await WriteQueuedAsync(pending);
        var result = await pending.Result.Task;
        pending.AddTiming();
        return result;
    }

    /// <param name="caller">The commit of the caller doing the writing: once it is written, the rest of
    /// the queue is handed to the thread pool so this caller is not held writing others' commits.</param>
    private async Task WriteQueuedAsync(PendingCommit? caller)
    {
        while (true)
        {
            while (!_queued.IsEmpty)
            {
                var batch = new List<PendingCommit>();
                while (batch.Count < _maxCommitsPerTransaction && _queued.TryDequeue(out var next)) batch.Add(next);
                await WriteBatchAsync(batch);
                if (caller is not null && caller.Result.Task.IsCompleted && !_queued.IsEmpty)
                {
                    _ = Task.Run(() => WriteQueuedAsync(null));
                    return;
                }
            }

            // Hand over: a commit queued after the last check but before the flag was cleared either
            // finds the flag clear and writes itself, or is seen here.
            Volatile.Write(ref _writing, 0);
            if (_queued.IsEmpty || Interlocked.CompareExchange(ref _writing, 1, 0) != 0) return;
        }
    }

    private async Task WriteBatchAsync(List<PendingCommit> batch)
    {
        var outcomes = new List<(PendingCommit Commit, CommitResult? Result, Exception? Error)>(batch.Count);
        var batchStarted = Stopwatch.GetTimestamp();
        try
        {
            // Not the callers' tokens: one caller giving up must not undo the others' commits.
            await _writeGate.WaitAsync(CancellationToken.None);
            try
            {
                var lease = Writer();
                // IMMEDIATE takes the write lock up front, so the version checks cannot race another writer.
                await using var transaction = lease.Connection.BeginTransaction(deferred: false);
                foreach (var commit in batch)
                {
                    if (commit.CancellationToken.IsCancellationRequested)
                    {
                        outcomes.Add((commit, null, new OperationCanceledException(commit.CancellationToken)));
                        continue;
                    }

                    // The savepoint statements through the lease, compiled once (SqliteTransaction.Save parses them each time).
                    lease.Command("SAVEPOINT unit", transaction).ExecuteNonQuery();
                    try
                    {
                        // A redelivery (AlreadyApplied) has written nothing: its inbox row is the unit's first statement.
                        var result = await WriteUnitAsync(lease, transaction, commit.Work);
                        lease.Command("RELEASE unit", transaction).ExecuteNonQuery();
                        outcomes.Add((commit, result, null));
                    }
                    catch (Exception exception)
                    {
                        // This unit alone is undone (a version conflict, or a statement SQLite refused);
                        // if even that fails the transaction is lost and the whole batch fails below.
                        lease.Command("ROLLBACK TO unit", transaction).ExecuteNonQuery();
                        lease.Command("RELEASE unit", transaction).ExecuteNonQuery();
                        outcomes.Add((commit, null, exception));
                    }
                }

                await transaction.CommitAsync(CancellationToken.None);
                _checkpointer.Committed();
            }
            finally
            {
                _writeGate.Release();
            }
        }
        catch (Exception exception)
        {
            // The transaction did not commit: nothing of the batch was written, every caller hears why.
            foreach (var commit in batch) commit.Result.TrySetException(exception);
            return;
        }

        var written = Stopwatch.GetTimestamp();
        foreach (var (commit, result, error) in outcomes)
        {
            (commit.BatchStarted, commit.Written) = (batchStarted, written);
            if (error is not null) commit.Result.TrySetException(error);
            else commit.Result.TrySetResult(result!.Value);
        }
    }

    // No cancellation inside a unit: it is one of a batch that commits or fails together (see WriteBatchAsync).
    private async Task<CommitResult> WriteUnitAsync(SqliteLease lease, SqliteTransaction transaction, UnitOfWork work)
    {
        if (work.InboxEntry is { } inbox)
        {
            var insertInbox = lease.Command("INSERT OR IGNORE INTO inbox (consumer, message_id, applied_at) VALUES ($c, $m, $t)", transaction);
            insertInbox.Parameters.AddWithValue("$c", inbox.Consumer);
            insertInbox.Parameters.AddWithValue("$m", inbox.MessageId.ToString());
            insertInbox.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToString("O"));
            if (await insertInbox.ExecuteNonQueryAsync() == 0) return CommitResult.AlreadyApplied;
        }

        var now = DateTimeOffset.UtcNow.ToString("O");
        foreach (var write in work.Writes)
        {
            var table = TableOf(write.Collection);
            var (current, partition) = await CurrentAsync(lease, transaction, table, write);
            if (write.ExpectedVersion is { } expected && expected != (current ?? 0))
            {
                throw new ConcurrencyConflictException(write.Collection, write.Id, expected, current);
            }

            SqliteCommand command;
            if (write.IsDelete)
            {
                command = lease.Command(table.Delete, transaction);
            }
            else
            {
                // SQLite rewrites an index entry whenever its column is assigned, even to the value it
                // has: naming the partition in every update dirtied a second, random page of
                // documents_by_partition per write, a WAL frame and a checkpoint write more for each
                // screening decision (docs/performance.md). So it is assigned only when it changes.
                command = lease.Command(table.PartitionIndexed && (partition is null || partition == write.Partition) ? table.UpsertInPlace : table.UpsertMoving, transaction);
                command.Parameters.AddWithValue("$p", write.Partition);
                command.Parameters.AddWithValue("$v", (current ?? 0) + 1);
                // The serialiser's UTF-8 as a blob, made TEXT by the statement's CAST: SQLite keeps text as
                // UTF-8, so nothing is transcoded on the way (a string parameter is copied to UTF-8 again).
                command.Parameters.AddWithValue("$j", write.Utf8Json);
                command.Parameters.AddWithValue("$t", now);
            }

            command.Parameters.AddWithValue("$c", write.Collection);
            command.Parameters.AddWithValue("$i", write.Id);
            await command.ExecuteNonQueryAsync();
        }

        foreach (var message in work.Outbox)
        {
            var command = lease.Command("INSERT INTO outbox (message_id, message_type, json, created_at, attempts, trace_parent) VALUES ($m, $y, $j, $t, 0, $p)", transaction);
            command.Parameters.AddWithValue("$p", (object?)message.TraceParent ?? DBNull.Value);
            command.Parameters.AddWithValue("$m", message.MessageId.ToString());
            command.Parameters.AddWithValue("$y", message.MessageType);
            command.Parameters.AddWithValue("$j", message.Json);
            command.Parameters.AddWithValue("$t", message.CreatedAt.ToString("O"));
            await command.ExecuteNonQueryAsync();
        }

        return CommitResult.Committed;
    }

    private sealed record PendingCommit(UnitOfWork Work, CancellationToken CancellationToken)
    {
        public TaskCompletionSource<CommitResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The request's timing, when it is timed (Server-Timing); the stamps below are taken only then.</summary>
        public ServerTiming? Timing { get; init; }

        public long Enqueued { get; set; }

        public long BatchStarted { get; set; }

        public long Written { get; set; }

        /// <summary>Splits the commit's wait: for earlier batches, for its own batch's write, and from
        /// the write until its caller ran again (the thread pool's queue).</summary>
        public void AddTiming()
        {
            if (Timing is null) return;
            Timing.Add("commit-queue", BatchStarted - Enqueued);
            Timing.Add("commit-write", Written - BatchStarted);
            Timing.AddSince("commit-resume", Written);
        }
    }

    public async Task<IReadOnlyList<OutboxMessage>> PendingOutboxAsync(int max, IReadOnlyCollection<string>? exceptTypes = null, CancellationToken cancellationToken = default)
    {
        using var lease = _connections.Rent();
        // Types held back are rare: the usual read keeps its own statement, without the filter.
        var held = exceptTypes is { Count: > 0 };
        var command = lease.Command(held
            ? "SELECT message_id, message_type, json, created_at, attempts, trace_parent FROM outbox WHERE dispatched_at IS NULL AND parked_at IS NULL AND message_type NOT IN (SELECT value FROM json_each($except)) ORDER BY seq LIMIT $n"
            : "SELECT message_id, message_type, json, created_at, attempts, trace_parent FROM outbox WHERE dispatched_at IS NULL AND parked_at IS NULL ORDER BY seq LIMIT $n");
        command.Parameters.AddWithValue("$n", max);
        if (held) command.Parameters.AddWithValue("$except", System.Text.Json.JsonSerializer.Serialize(exceptTypes));
        var messages = new List<OutboxMessage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            messages.Add(new OutboxMessage(
                Guid.Parse(reader.GetString(0)),
                reader.GetString(1),
                reader.GetString(2),
                DateTimeOffset.Parse(reader.GetString(3), System.Globalization.CultureInfo.InvariantCulture),
                reader.GetInt32(4),
                reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        return messages;
    }

    public Task MarkDispatchedAsync(IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken = default) =>
        UpdateOutboxAsync("UPDATE outbox SET dispatched_at = $t, attempts = attempts + 1 WHERE message_id IN (SELECT value FROM json_each($ids))", messageIds, cancellationToken);

    public Task ParkOutboxAsync(IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken = default) =>
        UpdateOutboxAsync("UPDATE outbox SET parked_at = $t WHERE message_id IN (SELECT value FROM json_each($ids))", messageIds, cancellationToken);

    /// <summary>Stamps the given outbox rows with the time now (<c>$t</c>).</summary>
    private async Task UpdateOutboxAsync(string sql, IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken)
    {
        if (messageIds.Count == 0) return;
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            // One statement for the batch: a write per message took the file's one write lock once per
            // event, and the decisions being recorded queued behind it. The ids go in as one JSON array,
            // so the statement is compiled once and kept with the writer's connection.
            var command = Writer().Command(sql);
            command.Parameters.AddWithValue("$ids", System.Text.Json.JsonSerializer.Serialize(messageIds.Select(id => id.ToString())));
            command.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToString("O"));
            await command.ExecuteNonQueryAsync(cancellationToken);
            _checkpointer.Committed();
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task<int> CountPendingOutboxAsync(CancellationToken cancellationToken = default)
    {
        using var lease = _connections.Rent();
        var command = lease.Command("SELECT COUNT(*) FROM outbox WHERE dispatched_at IS NULL");
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<WaitingOutbox> WaitingOutboxAsync(string messageType, CancellationToken cancellationToken = default)
    {
        using var lease = _connections.Rent();
        // The unsent index narrows it to the unsent rows; the type is checked on those alone. created_at
        // is always written as UTC round-trip text ("O"), so its text order is its time order.
        var command = lease.Command("SELECT COUNT(*), MIN(created_at) FROM outbox WHERE dispatched_at IS NULL AND parked_at IS NULL AND message_type = $t");
        command.Parameters.AddWithValue("$t", messageType);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new WaitingOutbox(
            reader.GetInt32(0),
            reader.IsDBNull(1) ? null : DateTimeOffset.Parse(reader.GetString(1), System.Globalization.CultureInfo.InvariantCulture));
    }

    public async Task<bool> IsAppliedAsync(string consumer, Guid messageId, CancellationToken cancellationToken = default)
    {
        using var lease = _connections.Rent();
        var command = lease.Command("SELECT 1 FROM inbox WHERE consumer = $c AND message_id = $m");
        command.Parameters.AddWithValue("$c", consumer);
        command.Parameters.AddWithValue("$m", messageId.ToString());
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>Rows per delete: the file's one write lock is held for a batch at a time, so the
    /// commits queued meanwhile go in between batches instead of waiting out the whole purge.</summary>
    public const int PurgeBatchSize = 1_000;

    public async Task<PurgeResult> PurgeAsync(PurgeRequest request, CancellationToken cancellationToken = default)
    {
        var result = PurgeResult.None;
        if (request.SentOutboxBefore is { } sent)
        {
            result = result with { SentOutbox = await PurgeRowsAsync("outbox", "dispatched_at IS NOT NULL AND dispatched_at < $t", null, sent, cancellationToken) };
        }

        if (request.InboxBefore is { } applied)
        {
            result = result with { Inbox = await PurgeRowsAsync("inbox", "applied_at < $t", null, applied, cancellationToken) };
        }

        foreach (var (collection, before) in request.DocumentsBefore)
        {
            var table = TableOf(collection);
            result = result with { Documents = result.Documents + await PurgeRowsAsync(table.Name, "collection = $c AND updated_at < $t", collection, before, cancellationToken, table.RowKey) };
        }

        return result;
    }

    /// <summary>
    /// Finds a batch of old rows with a read (no write lock: the inbox has no index by age, and a scan
    /// inside the lock would hold up every commit), then deletes those rows under the lock, checking
    /// the age again so a row written since under a reused rowid stays. Timestamps are ISO 8601 UTC
    /// text of one fixed width ("O" format), so text order is time order.
    /// </summary>
    private async Task<long> PurgeRowsAsync(string table, string condition, string? collection, DateTimeOffset before, CancellationToken cancellationToken, string key = "rowid")
    {
        var cutoff = before.ToUniversalTime().ToString("O");
        long deleted = 0;
        while (true)
        {
            var keys = new List<object>(PurgeBatchSize);
            using (var lease = _connections.Rent())
            {
                var select = lease.Command($"SELECT {key} FROM {table} WHERE {condition} LIMIT {PurgeBatchSize}");
                BindPurge(select, collection, cutoff);
                await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken)) keys.Add(reader.GetValue(0));
            }

            if (keys.Count == 0) return deleted;
            await _writeGate.WaitAsync(cancellationToken);
            try
            {
                var delete = Writer().Command($"DELETE FROM {table} WHERE {key} IN (SELECT value FROM json_each($ids)) AND {condition}");
                BindPurge(delete, collection, cutoff);
                delete.Parameters.AddWithValue("$ids", System.Text.Json.JsonSerializer.Serialize(keys));
                deleted += await delete.ExecuteNonQueryAsync(cancellationToken);
                _checkpointer.Committed();
            }
            finally
            {
                _writeGate.Release();
            }

            if (keys.Count < PurgeBatchSize) return deleted;
        }
    }

    private static void BindPurge(SqliteCommand command, string? collection, string cutoff)
    {
        command.Parameters.AddWithValue("$t", cutoff);
        if (collection is not null) command.Parameters.AddWithValue("$c", collection);
    }

    /// <summary>Each host has its own files ("SQLite per host"); nothing else writes them while it runs.</summary>
    public bool ProcessLocal => true;

    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        using var lease = _connections.Rent();
        var command = lease.Command("SELECT 1");
        await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>
    /// Settings of each SQLite connection (not of the file, unlike WAL mode), applied once when the pool
    /// opens a connection. `synchronous = NORMAL`: set only where the schema was
    /// created, pooled connections ran with the default FULL and synced the WAL on every commit;
    /// NORMAL in WAL mode syncs at checkpoints, so a commit survives a crash of the process and only an
    /// OS crash or power loss can undo the last ones (at most about one checkpoint interval of them).
    /// `wal_autocheckpoint`: checkpoints are <see cref="SqliteWalCheckpointer"/>'s, off the commit path;
    /// a connection's own automatic checkpoint only catches a WAL the background one let grow to 64 MiB.
    /// `temp_store = MEMORY`: each commit of a batch runs in a savepoint, and SQLite keeps the pages a
    /// savepoint may have to restore in a statement journal, which spills to a temporary file past
    /// 64 KiB: under load that file took about 3 of the screening host's 21 `pwrite` calls per decision
    /// (docs/performance.md). The journal lives as long as one transaction, so memory holds it.
    /// (A memory map, `mmap_size`, was tried for the reads and dropped: with a growing file and a pool
    /// of connections each remapping it, the screening host's CPU per decision tripled under load.
    /// Before the background checkpoints, a checkpoint every 8,000 WAL pages instead of SQLite's 1,000
    /// made a consumer's commit about a third faster in GroupCommitBenchmarks, but each checkpoint then
    /// copied and synced 32 MiB inside a commit, and the decisions queued behind it showed it: p99
    /// 84.8 ms against 51.3 ms at 400 decisions/s paced.)
    /// </summary>
    private static readonly string ConnectionSettings = $"PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = {SqliteWalCheckpointer.SafetyNetPages}; PRAGMA temp_store = MEMORY;";

    private static async Task<(long? Version, string? Partition)> CurrentAsync(SqliteLease lease, SqliteTransaction transaction, SqliteDocumentTable table, DocumentWrite write)
    {
        var command = lease.Command(table.Current, transaction);
        command.Parameters.AddWithValue("$c", write.Collection);
        command.Parameters.AddWithValue("$i", write.Id);
        await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
        return await reader.ReadAsync(CancellationToken.None) ? (reader.GetInt64(0), reader.GetString(1)) : (null, null);
    }

    private static StoredDocument ReadDocument(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetInt64(3),
        reader.GetString(4),
        DateTimeOffset.Parse(reader.GetString(5), System.Globalization.CultureInfo.InvariantCulture));

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace EvSysReview.ServiceDefaults.Storage.Sqlite;

/// <summary>
/// Open connections to one SQLite file, each kept open with the statements it has compiled.
/// Microsoft.Data.Sqlite compiles SQL per command object, and its own pool finalises a connection's
/// statements when the connection is closed (dotnet/efcore#14044), so every query of the store was
/// parsed and planned anew: in a profile of the screening host under load, SQLite's parser and code
/// generator were about a twentieth of its CPU. Last in, first out, so the few connections in use
/// stay warm; at most <see cref="MaxIdle"/> wait idle, the rest are closed when returned.
/// </summary>
internal sealed class SqliteConnectionPool(string connectionString, string connectionSettings) : IDisposable
{
    private const int MaxIdle = 8;

    private readonly ConcurrentStack<SqliteLease> _idle = new();
    private int _idleCount;
    private volatile bool _disposed;

    public SqliteLease Rent()
    {
        if (_idle.TryPop(out var lease))
        {
            Interlocked.Decrement(ref _idleCount);
            return lease;
        }

        return Open();
    }

    /// <summary>A new connection with the settings applied, outside the pool: its owner closes it (the store's writer).</summary>
    public SqliteLease Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        using (var settings = connection.CreateCommand())
        {
            settings.CommandText = connectionSettings;
            settings.ExecuteNonQuery();
        }

        return new SqliteLease(this, connection);
    }

    /// <summary>Keeps the connection for the next caller, unless it is still inside a transaction (a
    /// caller failed half-way), enough are idle already, or the store is gone.</summary>
    internal void Return(SqliteLease lease)
    {
        if (_disposed || !lease.IsReusable)
        {
            lease.Close();
            return;
        }

        if (Interlocked.Increment(ref _idleCount) > MaxIdle)
        {
            Interlocked.Decrement(ref _idleCount);
            lease.Close();
            return;
        }

        _idle.Push(lease);
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryPop(out var lease)) lease.Close();
    }
}

/// <summary>One caller's use of a pooled connection; disposing it returns the connection.</summary>
internal sealed class SqliteLease(SqliteConnectionPool pool, SqliteConnection connection) : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _statements = new(StringComparer.Ordinal);

    public SqliteConnection Connection => connection;

    /// <summary>Outside any transaction, so the next caller starts clean.</summary>
    public bool IsReusable => connection.State == System.Data.ConnectionState.Open && SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle) != 0;

    /// <summary>
    /// The connection's compiled command for this SQL, its parameters cleared. Only for the store's
    /// fixed statements (each is kept as long as the connection): SQL built per call, such as a list
    /// of ids, takes a command of its own.
    /// </summary>
    public SqliteCommand Command(string sql, SqliteTransaction? transaction = null)
    {
        if (!_statements.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            _statements[sql] = command;
        }

        command.Parameters.Clear();
        command.Transaction = transaction;
        return command;
    }

    public void Dispose() => pool.Return(this);

    internal void Close()
    {
        foreach (var command in _statements.Values) command.Dispose();
        _statements.Clear();
        connection.Dispose();
    }
}

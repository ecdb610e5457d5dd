using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace EvSysReview.ServiceDefaults.Storage.Sqlite;

/// <summary>
/// Copies a file's WAL back into the database from a connection of its own, in the background,
/// instead of inside a commit. SQLite's automatic checkpoint runs in the connection whose commit
/// takes the WAL past 1,000 pages: that commit then copies about 4 MB and syncs both files while the
/// store's write gate is held, so every commit queued behind it waits. Under load (strace of the
/// screening host, 2026-12-01) that was about 12 checkpoints in 10 s with 17–35 ms of fsync each.
/// Here the writer's automatic checkpoint is only a safety net (<see cref="SafetyNetPages"/>) and
/// this runs PASSIVE checkpoints, which never take the write lock, at most once per interval while
/// commits arrive, and once more after the last one.
/// </summary>
internal sealed class SqliteWalCheckpointer : IDisposable
{
    /// <summary>
    /// The writer's own automatic checkpoint (64 MiB of WAL): reached only if the background one
    /// cannot keep up or fails, so the WAL stays bounded either way.
    /// </summary>
    public const int SafetyNetPages = 16_384;

    /// <summary>
    /// Long enough that a page changed by many commits (an index's hot page, the outbox's last page)
    /// is copied once for all of them, short enough that little waits in the WAL: with
    /// `synchronous = NORMAL` the checkpoint is also when the WAL reaches the disk, so an operating-system
    /// crash or power loss can undo at most about this much of the last commits (a process crash, none).
    /// </summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(500);

    private readonly Channel<bool> _committed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    private readonly CancellationTokenSource _stopping = new();
    private readonly Func<SqliteLease> _open;
    private readonly TimeSpan _interval;
    private readonly Task _loop;

    public SqliteWalCheckpointer(Func<SqliteLease> open, TimeSpan interval)
    {
        _open = open;
        _interval = interval;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Called after each transaction the store committed; cheap, never waits.</summary>
    public void Committed() => _committed.Writer.TryWrite(true);

    private async Task RunAsync()
    {
        SqliteLease? lease = null;
        try
        {
            while (await _committed.Reader.WaitToReadAsync(_stopping.Token))
            {
                // Let the commits of the next interval join this one's checkpoint.
                await Task.Delay(_interval, _stopping.Token);
                _committed.Reader.TryRead(out _);
                try
                {
                    lease ??= _open();
                    // PASSIVE copies what it can without waiting for anyone: frames a reader still
                    // needs for an older snapshot stay in the WAL until a later round.
                    lease.Command("PRAGMA wal_checkpoint(PASSIVE)").ExecuteNonQuery();
                }
                catch (Exception exception) when (exception is SqliteException or IOException or InvalidOperationException)
                {
                    // The file is busy or unwell: the loop must outlive it, since nothing restarts it.
                    // The next commit brings another round, and the connections' safety net bounds the
                    // WAL meanwhile. A fresh connection next time.
                    lease?.Close();
                    lease = null;
                }
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Disposed.
        }
        finally
        {
            lease?.Close();
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        // A checkpoint under way finishes first; its connection is closed by the loop itself.
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
            // Already reported as far as it matters: the store is going away.
        }

        _stopping.Dispose();
    }
}

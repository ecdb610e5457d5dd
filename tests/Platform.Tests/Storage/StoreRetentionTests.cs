using EvSysReview.Contracts.Reviews;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Storage;
using EvSysReview.ServiceDefaults.Storage.Retention;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EvSysReview.Platform.Tests.Storage;

/// <summary>The retention purge as a host runs it: registered with every module store, configured, and on a timer.</summary>
public sealed class StoreRetentionTests
{
    public sealed class RetentionModule : IServiceModule
    {
        public static string Name => "retention";
    }

    [Fact]
    public void Every_module_store_gets_a_purge_that_reads_its_ages_from_configuration()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [ModuleRegistration.DataDirectoryKey] = Directory.CreateTempSubdirectory("evsys-retention-").FullName,
            ["Storage:Retention:Inbox"] = "2.00:00:00",
            ["Storage:Retention:SentOutbox"] = "03:00:00",
        });
        builder.AddModuleStore<RetentionModule>(new ExpiringCollection("keys", o => o.IdempotencyKeys));
        using var host = builder.Build();
        var now = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

        var retention = Assert.Single(host.Services.GetServices<IHostedService>().OfType<StoreRetention<RetentionModule>>());
        var request = retention.RequestAt(now);

        Assert.Equal(now.AddDays(-2), request.InboxBefore);
        Assert.Equal(now.AddHours(-3), request.SentOutboxBefore);
        Assert.Equal(now.AddHours(-24), request.DocumentsBefore["keys"]);
    }

    // Run as the host runs it, with the clock a month and a day ahead: the purge's first round
    // empties the inbox and the sent outbox, and leaves the unsent message to be published.
    [Fact]
    public async Task The_purge_runs_on_its_timer_and_leaves_what_is_not_yet_sent()
    {
        using var sqlite = new ServiceDefaults.Storage.Sqlite.SqliteDocumentStore(Path.Combine(Directory.CreateTempSubdirectory("evsys-retention-").FullName, "r.db"));
        var store = new ModuleStore<RetentionModule>(sqlite);
        var (sent, unsent) = (new ProjectCreated { ProjectId = Guid.NewGuid(), Title = "a", CreatedBy = "x" }, new ProjectCreated { ProjectId = Guid.NewGuid(), Title = "b", CreatedBy = "x" });
        var applied = Guid.NewGuid();
        await store.CommitAsync(new UnitOfWork().Publish(sent).Publish(unsent).MarkApplied("counter", applied));
        await store.MarkDispatchedAsync([sent.EventId]);
        var options = Options.Create(new RetentionOptions { StartDelay = TimeSpan.Zero, Interval = TimeSpan.FromMilliseconds(50) });
        using var retention = new StoreRetention<RetentionModule>(store, [], options, new LaterClock(TimeSpan.FromDays(31)), NullLogger<StoreRetention<RetentionModule>>.Instance);

        await retention.StartAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await store.IsAppliedAsync("counter", applied) && DateTime.UtcNow < deadline) await Task.Delay(20);
        await retention.StopAsync(CancellationToken.None);

        Assert.False(await store.IsAppliedAsync("counter", applied));
        Assert.Equal([unsent.EventId], (await store.PendingOutboxAsync(10)).Select(m => m.MessageId));
        Assert.Equal(PurgeResult.None, await store.PurgeAsync(retention.RequestAt(DateTimeOffset.UtcNow.AddDays(31))));
    }

    [Fact]
    public async Task Switched_off_it_purges_nothing()
    {
        using var sqlite = new ServiceDefaults.Storage.Sqlite.SqliteDocumentStore(Path.Combine(Directory.CreateTempSubdirectory("evsys-retention-").FullName, "r.db"));
        var store = new ModuleStore<RetentionModule>(sqlite);
        var applied = Guid.NewGuid();
        await store.CommitAsync(new UnitOfWork().MarkApplied("counter", applied));
        var options = Options.Create(new RetentionOptions { Enabled = false, StartDelay = TimeSpan.Zero, Interval = TimeSpan.FromMilliseconds(10) });
        using var retention = new StoreRetention<RetentionModule>(store, [], options, new LaterClock(TimeSpan.FromDays(365)), NullLogger<StoreRetention<RetentionModule>>.Instance);

        await retention.StartAsync(CancellationToken.None);
        await Task.Delay(200);
        await retention.StopAsync(CancellationToken.None);

        Assert.True(await store.IsAppliedAsync("counter", applied));
    }
}

using EvSysReview.TestSupport.Messaging;
using EvSysReview.Contracts.Ingestion;
using EvSysReview.ServiceDefaults;
using EvSysReview.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace EvSysReview.Ingestion.Tests;

/// <summary>
/// Over the real RabbitMQ: ingestion (with reviews, for projects and members) in one host, and a
/// downstream stand-in in another, so CitationImported and ImportCompleted really cross the broker.
/// </summary>
public sealed class BrokerEventTests : IAsyncLifetime
{
    private readonly string queuePrefix = $"in{Guid.NewGuid():N}"[..10] + "-";

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => Broker.DeleteQueuesAsync(queuePrefix);

    [BrokerFact]
    public async Task CitationImported_and_ImportCompleted_reach_another_host_through_RabbitMQ()
    {
        var broker = new Dictionary<string, string?> { ["RABBITMQ_URI"] = await Broker.UriAsync(), ["Bus:QueuePrefix"] = queuePrefix };
        var observerSettings = TestTokens.HostSettings();
        foreach (var (key, value) in broker) observerSettings[key] = value;
        observerSettings["Storage:DataDirectory"] = Directory.CreateTempSubdirectory("evsys-ingestion-observer-").FullName;
        await using var observer = await RunningHost.StartAsync((args, configure) => ServiceHost.Create(args, b => b.AddProbe(), _ => { }, configure), observerSettings);
        await using var ingestion = await IngestionHost.StartAsync(extra: broker, withProbe: false);

        var projectId = await ingestion.CreateProjectAsync();
        var import = await ingestion.ImportAsync(projectId, await File.ReadAllBytesAsync(IngestionHost.TestFile("pubmed/biopython_pubmed1.xml")), "application/xml");
        var importId = import.GetProperty("importId").GetGuid();

        var seen = observer.Services.GetRequiredService<ObservedEvents>();
        await Eventually.HoldsAsync(() => Task.FromResult(seen.Of<CitationImported>(projectId).Count == 2 && seen.Of<ImportCompleted>(projectId).Count == 1), "the other host received the events");
        Assert.Equal(["12091962", "9997"], seen.Of<CitationImported>(projectId).Select(e => e.Citation.Pmid!).Order());
        Assert.All(seen.Of<CitationImported>(projectId), e => Assert.Equal(importId, e.ImportId));
        var completed = seen.Of<ImportCompleted>(projectId).Single();
        Assert.Equal((importId, 2, 2, 0, 0), (completed.ImportId, completed.RecordsRead, completed.RecordsImported, completed.Duplicates, completed.Errors));
    }
}

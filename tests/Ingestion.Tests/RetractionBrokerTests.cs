using EvSysReview.TestSupport.Messaging;
using System.Text.Json;
using EvSysReview.Contracts.Ingestion;
using EvSysReview.ServiceDefaults;
using EvSysReview.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace EvSysReview.Ingestion.Tests;

/// <summary>
/// CitationRetracted over the real RabbitMQ, both ways a retraction reaches a project: a retraction
/// notice naming an imported PMID, and a later version of an imported record saying RetractionIn.
/// The notice and the later version are constructed fixtures (Fixtures/README.md); the retracted
/// papers are the real records of biopython_pubmed1.xml. Each path is imported twice: the event
/// must arrive once, and GET records must show the citation as retracted.
/// </summary>
public sealed class RetractionBrokerTests : IAsyncLifetime
{
    private readonly string queuePrefix = $"rt{Guid.NewGuid():N}"[..10] + "-";
    private RunningHost observer = null!;
    private IngestionHost ingestion = null!;

    private ObservedEvents Seen => observer.Services.GetRequiredService<ObservedEvents>();

    public async Task InitializeAsync()
    {
        if (Broker.SkipReason is not null) return;
        var broker = new Dictionary<string, string?> { ["RABBITMQ_URI"] = await Broker.UriAsync(), ["Bus:QueuePrefix"] = queuePrefix };
        var observerSettings = TestTokens.HostSettings();
        foreach (var (key, value) in broker) observerSettings[key] = value;
        observerSettings["Storage:DataDirectory"] = Directory.CreateTempSubdirectory("evsys-retraction-observer-").FullName;
        observer = await RunningHost.StartAsync((args, configure) => ServiceHost.Create(args, b => b.AddProbe(), _ => { }, configure), observerSettings);
        ingestion = await IngestionHost.StartAsync(extra: broker, withProbe: false);
    }

    public async Task DisposeAsync()
    {
        if (Broker.SkipReason is not null) return;
        await ingestion.DisposeAsync();
        await observer.DisposeAsync();
        await Broker.DeleteQueuesAsync(queuePrefix);
    }

    private static string Fixture(string name) => Path.Combine(RepoPaths.Root, "tests", "Ingestion.Tests", "Fixtures", name);

    private async Task<JsonElement> ImportAsync(Guid projectId, string path) =>
        await ingestion.ImportAsync(projectId, await File.ReadAllBytesAsync(path), "application/xml");

    private async Task<JsonElement> RecordAsync(Guid projectId, string pmid) =>
        (await ingestion.RecordsAsync(projectId, $"&pmid={pmid}")).Single();

    /// <summary>Waits until the observer has every ImportCompleted so far: what the imports published has crossed the broker.</summary>
    private async Task WaitForImportsAsync(Guid projectId, int imports)
    {
        await Eventually.HoldsAsync(() => Task.FromResult(Seen.Of<ImportCompleted>(projectId).Count == imports), $"{imports} ImportCompleted");
        // Events of one commit are published in order but consumed concurrently; give a late duplicate time to show.
        await Task.Delay(TimeSpan.FromSeconds(2));
    }

    [BrokerFact]
    public async Task A_retraction_notice_for_an_imported_pmid_retracts_it_once()
    {
        var projectId = await ingestion.CreateProjectAsync();
        await ImportAsync(projectId, IngestionHost.TestFile("pubmed/biopython_pubmed1.xml"));
        var paper = await RecordAsync(projectId, "9997");
        Assert.False(paper.GetProperty("retracted").GetBoolean());

        var first = await ImportAsync(projectId, Fixture("constructed-retraction-notice.xml"));
        Assert.Equal((1, 1, 0), (first.GetProperty("recordsRead").GetInt32(), first.GetProperty("recordsImported").GetInt32(), first.GetProperty("duplicates").GetInt32()));
        await Eventually.HoldsAsync(() => Task.FromResult(Seen.Of<CitationRetracted>(projectId).Count == 1), "CitationRetracted");
        var retracted = Seen.Of<CitationRetracted>(projectId).Single();
        Assert.Equal((paper.GetProperty("id").GetGuid(), "9997", "90000001"), (retracted.RecordId, retracted.Pmid, retracted.NoticePmid));
        Assert.True((await RecordAsync(projectId, "9997")).GetProperty("retracted").GetBoolean());
        Assert.False((await RecordAsync(projectId, "12091962")).GetProperty("retracted").GetBoolean());
        // The notice is a citation of its own (screening sees it), not itself retracted.
        Assert.False((await RecordAsync(projectId, "90000001")).GetProperty("retracted").GetBoolean());

        var again = await ImportAsync(projectId, Fixture("constructed-retraction-notice.xml"));
        Assert.Equal((1, 0, 1), (again.GetProperty("recordsRead").GetInt32(), again.GetProperty("recordsImported").GetInt32(), again.GetProperty("duplicates").GetInt32()));
        await WaitForImportsAsync(projectId, 3);
        Assert.Single(Seen.Of<CitationRetracted>(projectId));
        Assert.Equal(3, Seen.Of<CitationImported>(projectId).Count);
        Assert.True((await RecordAsync(projectId, "9997")).GetProperty("retracted").GetBoolean());

        // The other order: a notice that arrives first makes the paper arrive already retracted,
        // announced in CitationImported itself, with no separate CitationRetracted.
        var other = await ingestion.CreateProjectAsync();
        await ImportAsync(other, Fixture("constructed-retraction-notice.xml"));
        await ImportAsync(other, IngestionHost.TestFile("pubmed/biopython_pubmed1.xml"));
        await WaitForImportsAsync(other, 2);
        Assert.True(Seen.Of<CitationImported>(other).Single(e => e.Citation.Pmid == "9997").Citation.Retracted);
        Assert.Empty(Seen.Of<CitationRetracted>(other));
        Assert.True((await RecordAsync(other, "9997")).GetProperty("retracted").GetBoolean());
    }

    [BrokerFact]
    public async Task A_later_version_saying_RetractionIn_retracts_the_imported_record_once()
    {
        var projectId = await ingestion.CreateProjectAsync();
        await ImportAsync(projectId, IngestionHost.TestFile("pubmed/biopython_pubmed1.xml"));
        var paper = await RecordAsync(projectId, "12091962");
        Assert.False(paper.GetProperty("retracted").GetBoolean());

        var later = await ImportAsync(projectId, Fixture("constructed-retracted-later-version.xml"));
        Assert.Equal((1, 0, 1), (later.GetProperty("recordsRead").GetInt32(), later.GetProperty("recordsImported").GetInt32(), later.GetProperty("duplicates").GetInt32()));
        await Eventually.HoldsAsync(() => Task.FromResult(Seen.Of<CitationRetracted>(projectId).Count == 1), "CitationRetracted");
        var retracted = Seen.Of<CitationRetracted>(projectId).Single();
        Assert.Equal((paper.GetProperty("id").GetGuid(), "12091962", "90000002"), (retracted.RecordId, retracted.Pmid, retracted.NoticePmid));
        var shown = await RecordAsync(projectId, "12091962");
        Assert.True(shown.GetProperty("retracted").GetBoolean());
        Assert.Equal(paper.GetProperty("id").GetGuid(), shown.GetProperty("id").GetGuid());
        Assert.False((await RecordAsync(projectId, "9997")).GetProperty("retracted").GetBoolean());

        await ImportAsync(projectId, Fixture("constructed-retracted-later-version.xml"));
        await WaitForImportsAsync(projectId, 3);
        Assert.Single(Seen.Of<CitationRetracted>(projectId));
        // Two papers, each announced once; the later versions joined the first one's cluster.
        Assert.Equal(2, Seen.Of<CitationImported>(projectId).Count);
        Assert.Equal(2, Seen.Of<DuplicateDetected>(projectId).Count);
    }
}

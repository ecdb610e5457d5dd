using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using EvSysReview.Contracts.Ingestion;
using EvSysReview.Contracts.Screening;
using EvSysReview.Synthesis.Tests.Living;
using EvSysReview.TestSupport;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace EvSysReview.Synthesis.Tests.Prisma;

/// <summary>
/// PRISMA 2020 counts assembled from ingestion and screening events, out of order and with a
/// redelivery, checked to add up box by box.
/// </summary>
public sealed class PrismaFlowTests(SynthesisHostFixture fixture) : IClassFixture<SynthesisHostFixture>
{
    [Fact]
    public async Task Counts_add_up_from_the_events()
    {
        var projectId = Guid.NewGuid();
        var events = new UpstreamEvents(fixture.Host.Services.GetRequiredService<IBus>(), projectId);
        await events.TeamAsync(("alice", "lead"), ("erin", "observer"));
        var r = Enumerable.Range(0, 7).Select(_ => Guid.NewGuid()).ToArray();
        Guid pubmed = Guid.NewGuid(), ris = Guid.NewGuid();

        // Screening's events first: the counts must not depend on arrival order.
        await events.Publish(new StudyIncluded { ProjectId = projectId, StudyId = r[0], Citation = new CitationData { Title = "A", Year = 2020 } });
        await events.Publish(new StudyIncluded { ProjectId = projectId, StudyId = r[1], Citation = new CitationData { Title = "B", Year = 2021 } });
        foreach (var id in r[..4])
            await events.Publish(new RecordAdvanced { ProjectId = projectId, RecordId = id, FromStage = "title-abstract", ToStage = "full-text" });
        await events.Publish(new StudyExcluded { ProjectId = projectId, StudyId = r[2], Stage = "full-text", Reason = "wrong study design" });
        await events.Publish(new ConflictResolved { ProjectId = projectId, ItemId = Guid.NewGuid(), RecordId = r[3], Stage = "full-text", ResolvedBy = "alice", Decision = "exclude", Reason = "wrong outcome" });
        var excludedAtTitle = new StudyExcluded { ProjectId = projectId, StudyId = r[4], Stage = "title-abstract", Reason = "wrong population" };
        await events.Publish(excludedAtTitle);
        await events.Publish(excludedAtTitle); // redelivered
        await events.Publish(new ConflictResolved { ProjectId = projectId, ItemId = Guid.NewGuid(), RecordId = r[5], Stage = "title-abstract", ResolvedBy = "alice", Decision = "exclude" });
        await events.Publish(new StudyExcluded { ProjectId = projectId, StudyId = r[6], Stage = "title-abstract", Reason = "below the ranking threshold", ByAutomation = true });

        // Identification: 5 + 1 duplicate from the PubMed alert, 2 + 1 duplicate from a RIS file.
        for (var i = 0; i < 7; i++)
        {
            var source = i < 5 ? "pubmed-alert" : "file:ris";
            await events.Publish(new CitationImported { ProjectId = projectId, RecordId = r[i], ImportId = i < 5 ? pubmed : ris, Source = source, Citation = new CitationData { Title = $"Record {i}" } });
        }

        await events.Publish(new DuplicateDetected { ProjectId = projectId, RecordId = r[0], DuplicateSourceRecordId = Guid.NewGuid(), Source = "pubmed-alert", MatchedOn = "pmid" });
        await events.Publish(new DuplicateDetected { ProjectId = projectId, RecordId = r[1], DuplicateSourceRecordId = Guid.NewGuid(), Source = "file:ris", MatchedOn = "doi" });
        await events.Publish(new ImportCompleted { ProjectId = projectId, ImportId = pubmed, Source = "pubmed-alert", RecordsRead = 6, RecordsImported = 5, Duplicates = 1, Errors = 0 });
        // The RIS import failed after committing its three records (ingestion reports what it committed).
        await events.Publish(new ImportCompleted { ProjectId = projectId, ImportId = ris, Source = "file:ris", RecordsRead = 3, RecordsImported = 2, Duplicates = 1, Errors = 0, Failed = true });

        var client = fixture.Host.Client(TestTokens.Valid("erin"));
        JsonElement flow = default;
        await Eventually.HoldsAsync(async () =>
        {
            flow = JsonDocument.Parse(await client.GetStringAsync($"/api/synthesis/projects/{projectId}/prisma")).RootElement;
            // Screening's events were sent first, so until every CitationImported is applied some records
            // are still of unknown source; wait for the breakdown too, not only the totals.
            return flow.GetProperty("identifiedTotal").GetInt32() == 9 && flow.GetProperty("imports").GetArrayLength() == 2
                && flow.GetProperty("markedIneligibleByAutomation").GetInt32() == 1
                && flow.GetProperty("identified").EnumerateArray().All(s => s.GetProperty("source").GetString() != "unknown source");
        }, "every event was counted");

        Assert.Equal([("file:ris", 3), ("pubmed-alert", 6)], flow.GetProperty("identified").EnumerateArray().Select(s => (s.GetProperty("source").GetString(), s.GetProperty("count").GetInt32())));
        Assert.Equal(2, flow.GetProperty("duplicatesRemoved").GetInt32());
        Assert.Equal([("file:ris", 3, true), ("pubmed-alert", 6, false)], flow.GetProperty("imports").EnumerateArray()
            .Select(i => (i.GetProperty("source").GetString(), i.GetProperty("recordsRead").GetInt32(), i.GetProperty("failed").GetBoolean())).Order());
        Assert.Equal(1, flow.GetProperty("markedIneligibleByAutomation").GetInt32());
        Assert.Equal(6, flow.GetProperty("screened").GetInt32());
        Assert.Equal(0, flow.GetProperty("awaitingScreening").GetInt32());
        Assert.Equal(2, flow.GetProperty("excludedAtScreening").GetInt32());
        Assert.Equal(4, flow.GetProperty("reportsSought").GetInt32());
        Assert.Equal(4, flow.GetProperty("reportsAssessed").GetInt32());
        Assert.Equal([("wrong outcome", 1), ("wrong study design", 1)], flow.GetProperty("reportsExcluded").EnumerateArray().Select(s => (s.GetProperty("reason").GetString(), s.GetProperty("count").GetInt32())));
        Assert.Equal(2, flow.GetProperty("studiesIncluded").GetInt32());

        // The boxes add up: identified − removed = screened; screened − excluded = sought; assessed − excluded = included.
        Assert.Equal(flow.GetProperty("identifiedTotal").GetInt32() - 2 - 1, flow.GetProperty("screened").GetInt32() + flow.GetProperty("awaitingScreening").GetInt32());
        Assert.Equal(6 - 2, flow.GetProperty("reportsSought").GetInt32());
        Assert.Equal(4 - 2, flow.GetProperty("studiesIncluded").GetInt32());

        var svg = await client.GetStringAsync($"/api/synthesis/projects/{projectId}/prisma.svg");
        var text = string.Join("\n", XDocument.Parse(svg).Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value));
        Assert.Contains("pubmed-alert (n = 6)", text);
        Assert.Contains("Duplicate records removed (n = 2)", text);
        Assert.Contains("Studies included in review (n = 2)", text);
        Assert.Contains("wrong outcome (n = 1)", text);

        var outsider = await fixture.Host.Client(TestTokens.Valid("mallory")).GetAsync($"/api/synthesis/projects/{projectId}/prisma");
        Assert.Equal(HttpStatusCode.NotFound, outsider.StatusCode);
    }
}

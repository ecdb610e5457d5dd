using System.Net;
using System.Text.Json;
using EvSysReview.Contracts.Ingestion;
using EvSysReview.Contracts.Screening;
using EvSysReview.ServiceDefaults.Storage;
using EvSysReview.Synthesis.Prisma;
using EvSysReview.Synthesis.Tests.Living;
using EvSysReview.TestSupport;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace EvSysReview.Synthesis.Tests.Prisma;

/// <summary>
/// GET …/prisma adds up the shard sums when they cover every record of the project, and counts the
/// records themselves when they do not (records an earlier version wrote without sums).
/// </summary>
public sealed class PrismaReadPathTests(SynthesisHostFixture fixture) : IClassFixture<SynthesisHostFixture>
{
    private ModuleStore<SynthesisModule> Store => fixture.Host.Services.GetRequiredService<ModuleStore<SynthesisModule>>();

    [Fact]
    public async Task A_new_project_is_counted_from_sums_that_cover_every_record()
    {
        var projectId = Guid.NewGuid();
        var events = await TeamAsync(projectId);
        var ids = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).ToArray();
        foreach (var id in ids)
            await events.Publish(new CitationImported { ProjectId = projectId, RecordId = id, ImportId = Guid.NewGuid(), Source = "pubmed-alert", Citation = new CitationData { Title = "t" } });
        await events.Publish(new StudyExcluded { ProjectId = projectId, StudyId = ids[0], Stage = "title-abstract", Reason = "wrong population" });
        await events.Publish(new RecordAdvanced { ProjectId = projectId, RecordId = ids[1], FromStage = "title-abstract", ToStage = "full-text" });

        var flow = await FlowWhenAsync(projectId, f => f.GetProperty("identifiedTotal").GetInt32() == 5 && f.GetProperty("screened").GetInt32() == 2);
        Assert.Equal(1, flow.GetProperty("excludedAtScreening").GetInt32());
        Assert.Equal(1, flow.GetProperty("reportsSought").GetInt32());
        Assert.Equal(3, flow.GetProperty("awaitingScreening").GetInt32());

        var partition = projectId.ToString("N");
        var shards = (await Store.ListAsync(PrismaSums.Collection, partition)).Select(StoreJson.Read<PrismaSums>).ToList();
        Assert.Equal(5, shards.Sum(s => s.Records));
        Assert.Equal(5, await Store.CountAsync(PrismaRecord.Collection, partition));
        Assert.Equal(2, shards.Sum(s => s.Screened));
    }

    [Fact]
    public async Task Records_an_earlier_version_wrote_without_sums_are_counted_from_the_records()
    {
        var projectId = Guid.NewGuid();
        var events = await TeamAsync(projectId);
        var partition = projectId.ToString("N");
        // As the version before the sums left them: four records, no prisma-sums documents.
        var ids = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToArray();
        var old = new UnitOfWork();
        foreach (var id in ids)
            old.Put(PrismaRecord.Collection, PrismaRecord.Key(projectId, id), partition, PrismaRecord.New(projectId, id) with { Source = "file:ris", Imported = true, TitleAbstractFinal = id == ids[0] ? "exclude" : null }, 0);
        await Store.CommitAsync(old);

        var before = await FlowWhenAsync(projectId, f => f.GetProperty("identifiedTotal").GetInt32() == 4);
        Assert.Equal(1, before.GetProperty("screened").GetInt32());

        // An event on an old record starts that shard's sums from this change alone: they cover 0 of 4 records.
        await events.Publish(new StudyExcluded { ProjectId = projectId, StudyId = ids[1], Stage = "title-abstract", Reason = "wrong population" });
        var after = await FlowWhenAsync(projectId, f => f.GetProperty("screened").GetInt32() == 2);
        Assert.Equal(4, after.GetProperty("identifiedTotal").GetInt32());
        Assert.Equal(2, after.GetProperty("excludedAtScreening").GetInt32());
        Assert.Equal(2, after.GetProperty("awaitingScreening").GetInt32());
        Assert.Equal(0, (await Store.ListAsync(PrismaSums.Collection, partition)).Select(StoreJson.Read<PrismaSums>).Sum(s => s.Records));
    }

    private async Task<UpstreamEvents> TeamAsync(Guid projectId)
    {
        var events = new UpstreamEvents(fixture.Host.Services.GetRequiredService<IBus>(), projectId);
        await events.TeamAsync(("erin", "observer"));
        return events;
    }

    private async Task<JsonElement> FlowWhenAsync(Guid projectId, Func<JsonElement, bool> condition)
    {
        var client = fixture.Host.Client(TestTokens.Valid("erin"));
        JsonElement flow = default;
        await Eventually.HoldsAsync(async () =>
        {
            var response = await client.GetAsync($"/api/synthesis/projects/{projectId}/prisma");
            if (response.StatusCode != HttpStatusCode.OK) return false;
            flow = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            return condition(flow);
        }, "the PRISMA counts");
        return flow;
    }
}

using System.Text.Json;
using EvSysReview.Synthesis.Prisma;

namespace EvSysReview.Synthesis.Tests.Prisma;

/// <summary>
/// The sums the consumers keep, change by change and shard by shard, must equal the PRISMA rules
/// applied to the records as they end up. The reference here is the rules as written before the
/// sums existed (one LINQ count per box over all records), kept verbatim in <see cref="Reference"/>.
/// </summary>
public sealed class PrismaSumsTests
{
    private static readonly string?[] Sources = ["pubmed-alert", "file:ris", null];
    private static readonly string?[] Finals = [null, "include", "exclude"];
    private static readonly string?[] Reasons = [null, " ", "wrong outcome", "wrong study design"];

    [Fact]
    public void Sums_kept_change_by_change_in_shards_equal_the_rules_over_the_final_records()
    {
        var random = new Random(20261130);
        var projectId = Guid.NewGuid();
        var records = new Dictionary<Guid, PrismaRecord>();
        var ids = Enumerable.Range(0, 300).Select(_ => Guid.NewGuid()).ToArray();
        var shards = new Dictionary<int, PrismaSums>();

        for (var change = 0; change < 5_000; change++)
        {
            var id = ids[random.Next(ids.Length)];
            var known = records.TryGetValue(id, out var before);
            var after = Random(random, projectId, id);
            // What PrismaRecordChange does in the commit beside the record's write.
            var shard = PrismaSums.ShardOf(id);
            var sums = shards.TryGetValue(shard, out var existing) ? existing : shards[shard] = new PrismaSums { ProjectId = projectId, Shard = shard };
            sums.Change(known ? before : null, after);
            records[id] = after;
        }

        var total = shards.Values.Aggregate(new PrismaSums(), (t, s) => t.Add(s));
        var expected = Reference(records.Values.ToList());
        Assert.Equal(records.Count, total.Records);
        Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(total.ToFlow([])));
        // The run reached every box (the comparison above would pass trivially on zeros).
        Assert.All(new[] { expected.DuplicatesRemoved, expected.MarkedIneligibleByAutomation, expected.Screened, expected.AwaitingScreening, expected.ExcludedAtScreening, expected.ReportsSought, expected.ReportsAssessed, expected.StudiesIncluded, expected.Retracted }, n => Assert.True(n > 0));
        Assert.Equal(3, expected.Identified.Count);
        Assert.Equal(3, expected.ReportsExcluded.Count);
        Assert.True(shards.Count > 32, $"records spread over {shards.Count} shards");
    }

    [Fact]
    public void A_record_changed_back_leaves_no_empty_source_or_reason_behind()
    {
        var projectId = Guid.NewGuid();
        var first = PrismaRecord.New(projectId, Guid.NewGuid()) with { Imported = true, Source = "file:ris", FullTextFinal = "exclude", ExclusionReason = "wrong outcome" };
        var second = first with { Source = "pubmed-alert", FullTextFinal = "include", ExclusionReason = null };
        var sums = new PrismaSums().Add(first, 1).Add(first, -1).Add(second, 1);

        var flow = sums.ToFlow([]);
        Assert.Equal([new SourceCount("pubmed-alert", 1)], flow.Identified);
        Assert.Empty(flow.ReportsExcluded);
        Assert.Equal(1, flow.ReportsAssessed);
    }

    [Fact]
    public void The_shard_of_a_record_is_fixed_by_its_id_alone()
    {
        // Stored sums stay valid across processes and versions only if this never changes.
        // The Guid's first four bytes as a little-endian number, 0x0f8fad5b, modulo 64.
        Assert.Equal(27, PrismaSums.ShardOf(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e")));
        Assert.Equal(0, PrismaSums.ShardOf(Guid.Parse("00000040-0000-0000-0000-000000000000")));
        // The gate key differs from the project id (other consumers serialise on that) and by shard.
        var projectId = Guid.NewGuid();
        Assert.NotEqual(projectId, RecordGate.Key(projectId, Guid.Parse("00000040-0000-0000-0000-000000000000")));
        Assert.NotEqual(RecordGate.Key(projectId, Guid.Parse("00000001-0000-0000-0000-000000000000")), RecordGate.Key(projectId, Guid.Parse("00000002-0000-0000-0000-000000000000")));
    }

    private static PrismaRecord Random(Random random, Guid projectId, Guid recordId) => PrismaRecord.New(projectId, recordId) with
    {
        Source = Sources[random.Next(Sources.Length)],
        Imported = random.Next(4) > 0,
        Duplicate = random.Next(8) == 0,
        IneligibleByAutomation = random.Next(10) == 0,
        TitleAbstractFinal = Finals[random.Next(Finals.Length)],
        Advanced = random.Next(3) == 0,
        FullTextFinal = Finals[random.Next(Finals.Length)],
        ExclusionReason = Reasons[random.Next(Reasons.Length)],
        Included = random.Next(4) == 0,
        Retracted = random.Next(12) == 0,
    };

    /// <summary>PrismaTally.Count as it was before the sums (commit b4c9077), one box at a time.</summary>
    private static PrismaFlow Reference(IReadOnlyList<PrismaRecord> records)
    {
        static bool AtFullText(PrismaRecord r) => r.Advanced || r.FullTextFinal is not null;
        var identified = records.Where(r => r.Imported || r.Duplicate || r.TitleAbstractFinal is not null || AtFullText(r) || r.IneligibleByAutomation).ToList();
        var primary = identified.Where(r => !r.Duplicate).ToList();
        var screenable = primary.Where(r => !r.IneligibleByAutomation).ToList();
        var screened = screenable.Count(r => r.TitleAbstractFinal is not null || AtFullText(r));
        var sought = screenable.Count(AtFullText);
        var assessed = screenable.Count(r => r.FullTextFinal is not null);
        return new PrismaFlow
        {
            Identified = identified.GroupBy(r => r.Source ?? "unknown source").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new SourceCount(g.Key, g.Count())).ToList(),
            IdentifiedTotal = identified.Count,
            DuplicatesRemoved = identified.Count(r => r.Duplicate),
            MarkedIneligibleByAutomation = primary.Count(r => r.IneligibleByAutomation),
            RemovedForOtherReasons = 0,
            Screened = screened,
            AwaitingScreening = screenable.Count - screened,
            ExcludedAtScreening = screenable.Count(r => r.TitleAbstractFinal == "exclude" && !AtFullText(r)),
            ReportsSought = sought,
            ReportsNotRetrieved = 0,
            ReportsAssessed = assessed,
            AwaitingFullText = sought - assessed,
            ReportsExcluded = screenable.Where(r => r.FullTextFinal == "exclude")
                .GroupBy(r => string.IsNullOrWhiteSpace(r.ExclusionReason) ? "no reason given" : r.ExclusionReason!)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new ReasonCount(g.Key, g.Count())).ToList(),
            StudiesIncluded = screenable.Count(r => r.Included),
            Retracted = identified.Count(r => r.Retracted),
            Imports = [],
        };
    }
}

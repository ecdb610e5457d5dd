using EvSysReview.ServiceDefaults.Storage;
using EvSysReview.Synthesis.Engine.Plots;

namespace EvSysReview.Synthesis.Prisma;

/// <summary>
/// PRISMA 2020 counts, computed when asked (they are not versioned). Rules (docs/synthesis.md,
/// <see cref="PrismaSums.Add(PrismaRecord, int)"/>): identified = records imported or found
/// duplicate, per source; screened = records with a final title/abstract decision (or already at
/// full text); reports sought = records advanced to full text; assessed = records with a final
/// full-text decision; excluded with reasons = final full-text exclusions (including exclusions
/// after inclusion, e.g. retractions) by reason; included = studies included now.
/// The consumers keep the sums per shard as records change (PrismaRecordChange), so a read adds up
/// 64 small documents instead of reading every record; a project whose sums do not cover all its
/// records (one whose records an earlier version wrote) is counted from its records.
/// </summary>
public sealed class PrismaTally(ModuleStore<SynthesisModule> store)
{
    public async Task<PrismaFlow> CountAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var partition = projectId.ToString("N");
        var imports = (await store.ListAsync(PrismaImport.Collection, partition, cancellationToken)).Select(StoreJson.Read<PrismaImport>).OrderBy(i => i.CompletedAt).ToList();
        var sums = (await store.ListAsync(PrismaSums.Collection, partition, cancellationToken))
            .Select(StoreJson.Read<PrismaSums>)
            .Aggregate(new PrismaSums { ProjectId = projectId }, (total, shard) => total.Add(shard));
        // Read after the sums: a record stored in between makes the count larger, never equal by chance.
        if (sums.Records == await store.CountAsync(PrismaRecord.Collection, partition, cancellationToken)) return sums.ToFlow(imports);
        var records = (await store.ListAsync(PrismaRecord.Collection, partition, cancellationToken)).Select(StoreJson.Read<PrismaRecord>).ToList();
        return Count(records, imports);
    }

    public static PrismaFlow Count(IReadOnlyList<PrismaRecord> records, IReadOnlyList<PrismaImport> imports) =>
        records.Aggregate(new PrismaSums(), (sums, record) => sums.Add(record, 1)).ToFlow(imports);
}

/// <summary>The PRISMA flow as GET .../prisma returns it; Awaiting* and Imports go beyond the diagram, for reconciliation.</summary>
public sealed record PrismaFlow
{
    public required IReadOnlyList<SourceCount> Identified { get; init; }
    public required int IdentifiedTotal { get; init; }
    public required int DuplicatesRemoved { get; init; }
    public required int MarkedIneligibleByAutomation { get; init; }
    /// <summary>No event reports other removals before screening: always 0.</summary>
    public required int RemovedForOtherReasons { get; init; }
    public required int Screened { get; init; }
    public required int AwaitingScreening { get; init; }
    public required int ExcludedAtScreening { get; init; }
    public required int ReportsSought { get; init; }
    /// <summary>No event reports a full text that could not be retrieved: always 0.</summary>
    public required int ReportsNotRetrieved { get; init; }
    public required int ReportsAssessed { get; init; }
    public required int AwaitingFullText { get; init; }
    public required IReadOnlyList<ReasonCount> ReportsExcluded { get; init; }
    public required int StudiesIncluded { get; init; }
    public required int Retracted { get; init; }
    public required IReadOnlyList<PrismaImport> Imports { get; init; }

    public PrismaCounts ToDiagram() => new()
    {
        IdentifiedBySource = Identified.Select(s => new NamedCount(s.Source, s.Count)).ToList(),
        DuplicatesRemoved = DuplicatesRemoved,
        MarkedIneligibleByAutomation = MarkedIneligibleByAutomation,
        RemovedForOtherReasons = RemovedForOtherReasons,
        Screened = Screened,
        ExcludedAtScreening = ExcludedAtScreening,
        ReportsSought = ReportsSought,
        ReportsNotRetrieved = ReportsNotRetrieved,
        ReportsAssessed = ReportsAssessed,
        ReportsExcludedWithReasons = ReportsExcluded.Select(r => new NamedCount(r.Reason, r.Count)).ToList(),
        StudiesIncluded = StudiesIncluded,
    };
}

public sealed record SourceCount(string Source, int Count);

public sealed record ReasonCount(string Reason, int Count);

using EvSysReview.ServiceDefaults.Storage;
using EvSysReview.Synthesis.Engine.Plots;

namespace EvSysReview.Synthesis.Prisma;

/// <summary>
/// PRISMA 2020 counts from the per-record facts, computed when asked (they are not versioned).
/// Rules (docs/synthesis.md): identified = records imported or found duplicate, per source;
/// screened = records with a final title/abstract decision (or already at full text); reports
/// sought = records advanced to full text; assessed = records with a final full-text decision;
/// excluded with reasons = final full-text exclusions (including exclusions after inclusion, e.g.
/// retractions) by reason; included = studies included now.
/// </summary>
public sealed class PrismaTally(ModuleStore<SynthesisModule> store)
{
    public async Task<PrismaFlow> CountAsync(Guid projectId, CancellationToken cancellationToken)
    {
        var partition = projectId.ToString("N");
        var records = (await store.ListAsync(PrismaRecord.Collection, partition, cancellationToken)).Select(StoreJson.Read<PrismaRecord>).ToList();
        var imports = (await store.ListAsync(PrismaImport.Collection, partition, cancellationToken)).Select(StoreJson.Read<PrismaImport>).OrderBy(i => i.CompletedAt).ToList();
        return Count(records, imports);
    }

    public static PrismaFlow Count(IReadOnlyList<PrismaRecord> records, IReadOnlyList<PrismaImport> imports)
    {
        static bool AtFullText(PrismaRecord r) => r.Advanced || r.FullTextFinal is not null;

        // A record screening speaks of before ingestion's event arrived is still identified (source unknown for now).
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
            Imports = imports,
        };
    }
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

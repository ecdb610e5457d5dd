using System.Buffers.Binary;

namespace EvSysReview.Synthesis.Prisma;

/// <summary>
/// The PRISMA 2020 counting rules (docs/synthesis.md) as sums over records. Every rule counts each
/// record on its own, so the sums are additive: a record's change moves them by its counts after
/// minus its counts before, and a project's counts are the sums of its shards. Kept per shard of
/// records (<see cref="ShardOf"/>) so that events on different records do not all write one document.
/// </summary>
public sealed class PrismaSums
{
    public const string Collection = "prisma-sums";
    public const int Shards = 64;
    private const string UnknownSource = "unknown source";
    private const string NoReason = "no reason given";

    public Guid ProjectId { get; set; }

    public int Shard { get; set; }

    /// <summary>Records whose counts are in these sums: each is added once, when it is first stored.</summary>
    public int Records { get; set; }

    public Dictionary<string, int> IdentifiedBySource { get; set; } = new(StringComparer.Ordinal);

    public int Duplicates { get; set; }

    public int MarkedIneligibleByAutomation { get; set; }

    /// <summary>Identified, not a duplicate, not set apart by automation: the records that enter screening.</summary>
    public int Screenable { get; set; }

    public int Screened { get; set; }

    public int ExcludedAtScreening { get; set; }

    public int Sought { get; set; }

    public int Assessed { get; set; }

    public Dictionary<string, int> ReportsExcludedByReason { get; set; } = new(StringComparer.Ordinal);

    public int Included { get; set; }

    public int Retracted { get; set; }

    public static string Key(Guid projectId, int shard) => $"{projectId:N}:{shard:D2}";

    /// <summary>Stable across processes and versions (not a runtime hash): the shard a record's counts live in.</summary>
    public static int ShardOf(Guid recordId)
    {
        Span<byte> bytes = stackalloc byte[16];
        recordId.TryWriteBytes(bytes);
        return (int)(BinaryPrimitives.ReadUInt32LittleEndian(bytes) % Shards);
    }

    /// <summary>
    /// One record's change: its counts before (none when it is new, which adds it to
    /// <see cref="Records"/>) taken out, its counts after put in.
    /// </summary>
    public PrismaSums Change(PrismaRecord? before, PrismaRecord after)
    {
        if (before is null) Records++;
        else Add(before, -1);
        return Add(after, 1);
    }

    /// <summary>Adds (sign 1) or removes (sign −1) one record's counts.</summary>
    public PrismaSums Add(PrismaRecord r, int sign)
    {
        var atFullText = r.Advanced || r.FullTextFinal is not null;
        // A record screening speaks of before ingestion's event arrived is still identified (source unknown for now).
        var identified = r.Imported || r.Duplicate || r.TitleAbstractFinal is not null || atFullText || r.IneligibleByAutomation;
        if (!identified) return this;
        Bump(IdentifiedBySource, r.Source ?? UnknownSource, sign);
        if (r.Retracted) Retracted += sign;
        if (r.Duplicate)
        {
            Duplicates += sign;
            return this;
        }

        if (r.IneligibleByAutomation)
        {
            MarkedIneligibleByAutomation += sign;
            return this;
        }

        Screenable += sign;
        if (r.TitleAbstractFinal is not null || atFullText) Screened += sign;
        if (r.TitleAbstractFinal == "exclude" && !atFullText) ExcludedAtScreening += sign;
        if (atFullText) Sought += sign;
        if (r.FullTextFinal is not null) Assessed += sign;
        if (r.FullTextFinal == "exclude") Bump(ReportsExcludedByReason, string.IsNullOrWhiteSpace(r.ExclusionReason) ? NoReason : r.ExclusionReason!, sign);
        if (r.Included) Included += sign;
        return this;
    }

    public PrismaSums Add(PrismaSums other)
    {
        Records += other.Records;
        foreach (var (source, count) in other.IdentifiedBySource) Bump(IdentifiedBySource, source, count);
        Duplicates += other.Duplicates;
        MarkedIneligibleByAutomation += other.MarkedIneligibleByAutomation;
        Screenable += other.Screenable;
        Screened += other.Screened;
        ExcludedAtScreening += other.ExcludedAtScreening;
        Sought += other.Sought;
        Assessed += other.Assessed;
        foreach (var (reason, count) in other.ReportsExcludedByReason) Bump(ReportsExcludedByReason, reason, count);
        Included += other.Included;
        Retracted += other.Retracted;
        return this;
    }

    public PrismaFlow ToFlow(IReadOnlyList<PrismaImport> imports) => new()
    {
        Identified = IdentifiedBySource.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new SourceCount(s.Key, s.Value)).ToList(),
        IdentifiedTotal = IdentifiedBySource.Values.Sum(),
        DuplicatesRemoved = Duplicates,
        MarkedIneligibleByAutomation = MarkedIneligibleByAutomation,
        RemovedForOtherReasons = 0,
        Screened = Screened,
        AwaitingScreening = Screenable - Screened,
        ExcludedAtScreening = ExcludedAtScreening,
        ReportsSought = Sought,
        ReportsNotRetrieved = 0,
        ReportsAssessed = Assessed,
        AwaitingFullText = Sought - Assessed,
        ReportsExcluded = ReportsExcludedByReason.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal).Select(r => new ReasonCount(r.Key, r.Value)).ToList(),
        StudiesIncluded = Included,
        Retracted = Retracted,
        Imports = imports,
    };

    private static void Bump(Dictionary<string, int> counts, string key, int by)
    {
        var count = counts.GetValueOrDefault(key) + by;
        if (count == 0) counts.Remove(key);
        else counts[key] = count;
    }
}

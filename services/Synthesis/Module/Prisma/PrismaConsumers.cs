using EvSysReview.Contracts.Ingestion;
using EvSysReview.Contracts.Screening;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.Synthesis.Prisma;

/// <summary>Identification: a new citation from a source.</summary>
public sealed class CitationImportedConsumer(ModuleStore<SynthesisModule> store, OutboxSignal<SynthesisModule> signal, PrismaRecordChange records)
    : IdempotentConsumer<SynthesisModule, CitationImported>(store, signal)
{
    protected override Guid? SerializeOn(CitationImported message) => RecordGate.Key(message.ProjectId, message.RecordId);

    protected override Task Apply(CitationImported message, UnitOfWork work, CancellationToken cancellationToken) =>
        records.ApplyAsync(message, message.RecordId, work, r => r with { Source = message.Source, Imported = true, Retracted = r.Retracted || message.Citation.Retracted }, cancellationToken);
}

/// <summary>
/// Identification: a source record that duplicated a citation already imported (removed before
/// screening). The duplicate is DuplicateSourceRecordId; RecordId is the citation it joined, which
/// stays in the flow.
/// </summary>
public sealed class DuplicateDetectedConsumer(ModuleStore<SynthesisModule> store, OutboxSignal<SynthesisModule> signal, PrismaRecordChange records)
    : IdempotentConsumer<SynthesisModule, DuplicateDetected>(store, signal)
{
    protected override Guid? SerializeOn(DuplicateDetected message) => RecordGate.Key(message.ProjectId, message.DuplicateSourceRecordId);

    protected override Task Apply(DuplicateDetected message, UnitOfWork work, CancellationToken cancellationToken) =>
        records.ApplyAsync(message, message.DuplicateSourceRecordId, work, r => r with { Source = message.Source, Duplicate = true }, cancellationToken);
}

/// <summary>An import's own totals, kept for reconciliation (the flow counts records, see PrismaSums).</summary>
public sealed class ImportCompletedConsumer(ModuleStore<SynthesisModule> store, OutboxSignal<SynthesisModule> signal)
    : IdempotentConsumer<SynthesisModule, ImportCompleted>(store, signal)
{
    protected override async Task Apply(ImportCompleted message, UnitOfWork work, CancellationToken cancellationToken)
    {
        var key = PrismaImport.Key(message.ProjectId, message.ImportId);
        var stored = await Store.GetAsync(PrismaImport.Collection, key, cancellationToken);
        var import = new PrismaImport(message.ProjectId, message.ImportId, message.Source, message.RecordsRead, message.RecordsImported, message.Duplicates, message.Errors, message.OccurredAt, message.Failed);
        if (stored is not null && StoreJson.Read<PrismaImport>(stored).CompletedAt >= message.OccurredAt) return;
        work.Put(PrismaImport.Collection, key, message.ProjectId.ToString("N"), import, stored?.Version ?? 0);
    }
}

/// <summary>A conflict's resolution is the stage's final decision.</summary>
public sealed class ConflictResolvedConsumer(ModuleStore<SynthesisModule> store, OutboxSignal<SynthesisModule> signal, PrismaRecordChange records)
    : IdempotentConsumer<SynthesisModule, ConflictResolved>(store, signal)
{
    protected override Guid? SerializeOn(ConflictResolved message) => RecordGate.Key(message.ProjectId, message.RecordId);

    protected override Task Apply(ConflictResolved message, UnitOfWork work, CancellationToken cancellationToken) =>
        records.ApplyAsync(message, message.RecordId, work, r => message.Stage switch
        {
            PrismaRecord.TitleAbstract => r with { TitleAbstractFinal = message.Decision },
            PrismaRecord.FullText when r.FullTextFinal is null => r with { FullTextFinal = message.Decision, ExclusionReason = message.Decision == "exclude" ? message.Reason : r.ExclusionReason },
            _ => r,
        }, cancellationToken);
}

/// <summary>Included at title/abstract and sent on to full text: the report is sought.</summary>
public sealed class RecordAdvancedConsumer(ModuleStore<SynthesisModule> store, OutboxSignal<SynthesisModule> signal, PrismaRecordChange records)
    : IdempotentConsumer<SynthesisModule, RecordAdvanced>(store, signal)
{
    protected override Guid? SerializeOn(RecordAdvanced message) => RecordGate.Key(message.ProjectId, message.RecordId);

    protected override Task Apply(RecordAdvanced message, UnitOfWork work, CancellationToken cancellationToken) =>
        records.ApplyAsync(message, message.RecordId, work, r => r with { Advanced = true, TitleAbstractFinal = "include" }, cancellationToken);
}

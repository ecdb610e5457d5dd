using System.Text;
using EvSysReview.Contracts.Ingestion;
using EvSysReview.Ingestion.Citations;
using EvSysReview.Ingestion.Citations.Csv;
using EvSysReview.Ingestion.Citations.Text;
using EvSysReview.Ingestion.Clusters;
using EvSysReview.Ingestion.Records;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EvSysReview.Ingestion.Imports;

/// <summary>
/// Reads one upload record by record. Each record is committed on its own with its events (never
/// half a record); progress is saved every Ingestion:ProgressEvery records. A rerun after a crash
/// reads the file again from the start and recounts: records it already committed are found by
/// their derived id and counted as they were, bad records are met again, so the final counts are
/// exact and nothing is imported twice.
/// </summary>
public sealed class ImportProcessor(
    ModuleStore<IngestionModule> store,
    CitationIntake intake,
    UploadStore uploads,
    OutboxSignal<IngestionModule> signal,
    IOptions<IngestionOptions> options,
    ILogger<ImportProcessor> logger)
{
    public async Task RunAsync(PendingImport pending, CancellationToken cancellationToken)
    {
        var id = pending.ImportId.ToString("N");
        var partition = pending.ProjectId.ToString("N");
        var document = await store.GetAsync(ImportBatch.Collection, id, cancellationToken);
        if (document is null || StoreJson.Read<ImportBatch>(document) is { Status: ImportStatus.Completed or ImportStatus.Failed })
        {
            await store.CommitAsync(new UnitOfWork().Delete(PendingImport.Collection, id, PendingImport.Partition, null), cancellationToken);
            return;
        }

        var version = document.Version;
        var batch = StoreJson.Read<ImportBatch>(document) with
        {
            Status = ImportStatus.Running, RecordsRead = 0, RecordsImported = 0, Duplicates = 0, ErrorCount = 0, Errors = [],
        };
        version = await SaveAsync(batch, version, cancellationToken);

        var path = uploads.PathOf(batch.Id);
        if (!File.Exists(path))
        {
            await FinishAsync(batch with { Status = ImportStatus.Failed, Message = "The uploaded file is no longer on this server; upload it again." }, version, cancellationToken);
            return;
        }

        // Outlives a failed read, so a failed import reports the records it did commit.
        var tally = new Tally(options.Value.MaxStoredErrors);
        try
        {
            await ReadAsync(batch, tally, path, version, v => version = v, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(exception, "Import {ImportId} stopped.", batch.Id);
            await FinishAsync(tally.Apply(batch) with { Status = ImportStatus.Failed, Message = $"The import stopped: {exception.Message}" }, version, cancellationToken);
            return;
        }

        await FinishAsync(tally.Apply(batch) with { Status = ImportStatus.Completed }, version, cancellationToken);
    }

    /// <summary>The counts of one read; a record is counted once it is committed or reported.</summary>
    private sealed class Tally(int maxStoredErrors)
    {
        private readonly List<RecordError> errors = [];

        public int Read { get; private set; }

        public int Imported { get; set; }

        public int Duplicates { get; set; }

        public int ErrorCount { get; private set; }

        public void Counted() => Read++;

        public void AddError(RecordError error)
        {
            ErrorCount++;
            if (errors.Count < maxStoredErrors) errors.Add(error);
        }

        public ImportBatch Apply(ImportBatch batch) =>
            batch with { RecordsRead = Read, RecordsImported = Imported, Duplicates = Duplicates, ErrorCount = ErrorCount, Errors = errors.ToList() };
    }

    private async Task ReadAsync(ImportBatch batch, Tally tally, string path, long version, Action<long> versionChanged, CancellationToken cancellationToken)
    {
        var settings = options.Value;

        var firstLine = batch.Format == ImportFormat.Medline ? await FirstLineAsync(path, cancellationToken) : null;
        var csvColumns = batch.CsvColumns is { } columns ? CsvColumnMapping.FromFields(columns).Mapping : null;
        var reader = ImportFormats.Reader(batch.Format, firstLine, CitationReaderOptions.Default, csvColumns);
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
        await using var input = await CompressedInput.OpenPossiblyGzippedAsync(file, cancellationToken);
        await using var results = reader.ReadAsync(input, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            try
            {
                if (!await results.MoveNextAsync()) break;
            }
            catch (Exception exception) when (exception is InvalidDataException or IOException or DecoderFallbackException)
            {
                // A corrupt gzip stream or undecodable bytes: what was read stays, as for any fatal input error.
                tally.AddError(new RecordError(tally.Read, null, null, $"the file could not be read further ({exception.Message}); the rest of the file was not read"));
                tally.Counted();
                break;
            }

            var result = results.Current;
            if (result.Record is { } record)
            {
                var added = await intake.AddAsync(new SourceRecord
                {
                    Id = RecordKeys.ForImport(batch.Id, record.RecordIndex),
                    ProjectId = batch.ProjectId,
                    Sequence = 0,
                    Source = batch.Source,
                    ImportId = batch.Id,
                    Citation = record,
                    AddedAt = DateTimeOffset.UtcNow,
                    Duplicate = false,
                }, batch.Id, cancellationToken);
                if (added.Record.Duplicate) tally.Duplicates++;
                else tally.Imported++;
            }
            else
            {
                tally.AddError(result.Error!);
            }

            tally.Counted();
            if (tally.Read % Math.Max(1, settings.ProgressEvery) == 0)
            {
                version = await SaveAsync(tally.Apply(batch), version, cancellationToken);
                versionChanged(version);
            }
        }
    }

    /// <summary>
    /// The first non-blank line, to tell a RIS or Web of Science file sent as text/plain from MEDLINE;
    /// from a bounded prefix, so a newline-free (gzipped) file fails the import here instead of being
    /// decompressed into one string.
    /// </summary>
    private static async Task<string?> FirstLineAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(path);
        await using var input = await CompressedInput.OpenPossiblyGzippedAsync(file, cancellationToken);
        return await FirstLine.ReadAsync(input, cancellationToken);
    }

    private async Task<long> SaveAsync(ImportBatch batch, long version, CancellationToken cancellationToken)
    {
        await store.CommitAsync(new UnitOfWork().Put(ImportBatch.Collection, batch.Id.ToString("N"), batch.ProjectId.ToString("N"), batch, version), cancellationToken);
        return version + 1;
    }

    /// <summary>The final counts, ImportCompleted and the end of "pending" in one commit; then the upload goes.</summary>
    private async Task FinishAsync(ImportBatch batch, long version, CancellationToken cancellationToken)
    {
        var id = batch.Id.ToString("N");
        var done = batch with { CompletedAt = DateTimeOffset.UtcNow };
        var work = new UnitOfWork()
            .Put(ImportBatch.Collection, id, batch.ProjectId.ToString("N"), done, version)
            .Delete(PendingImport.Collection, id, PendingImport.Partition, null);
        // A failed import still reports what it committed (its records are in the project).
        if (done.Status == ImportStatus.Completed || done.RecordsImported + done.Duplicates + done.ErrorCount > 0)
        {
            work.Publish(new ImportCompleted
            {
                ProjectId = batch.ProjectId, CorrelationId = batch.Id, ImportId = batch.Id, Source = batch.Source,
                RecordsRead = done.RecordsRead, RecordsImported = done.RecordsImported, Duplicates = done.Duplicates, Errors = done.ErrorCount,
                Failed = done.Status != ImportStatus.Completed,
            });
        }

        await store.CommitAsync(work, cancellationToken);
        signal.Notify();
        uploads.Delete(batch.Id);
    }
}

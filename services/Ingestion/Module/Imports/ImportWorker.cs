using EvSysReview.ServiceDefaults.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EvSysReview.Ingestion.Imports;

/// <summary>
/// Runs queued imports one at a time. On start it queues every import a previous process left
/// unfinished; the import resumes (records it already committed are recognised, not added again).
/// </summary>
public sealed class ImportWorker(ImportQueue queue, ModuleStore<IngestionModule> store, ImportProcessor processor, ILogger<ImportWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            foreach (var pending in await store.ListAsync(PendingImport.Collection, PendingImport.Partition, stoppingToken))
                queue.Enqueue(StoreJson.Read<PendingImport>(pending));

            await foreach (var import in queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await processor.RunAsync(import, stoppingToken);
                }
                catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(exception, "Import {ImportId} of project {ProjectId} failed unexpectedly.", import.ImportId, import.ProjectId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: an unfinished import stays pending and resumes on the next start.
        }
    }
}

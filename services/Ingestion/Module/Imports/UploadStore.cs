using EvSysReview.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EvSysReview.Ingestion.Imports;

/// <summary>
/// Uploads wait on disk until the worker has read them, so the 202 returns at once and a restarted
/// worker can read the file again. Deleted when the import completes or fails.
/// </summary>
public sealed class UploadStore
{
    public UploadStore(IOptions<IngestionOptions> options, IConfiguration configuration, IHostEnvironment environment)
    {
        Directory = options.Value.UploadDirectory
            ?? Path.Combine(configuration[ModuleRegistration.DataDirectoryKey] ?? Path.Combine(environment.ContentRootPath, "data"), "ingestion-uploads");
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public string PathOf(Guid importId) => Path.Combine(Directory, importId.ToString("N") + ".upload");

    /// <summary>
    /// Copies at most <paramref name="cap"/> bytes; returns null (and leaves no file) when the stream
    /// holds more. A copy that fails (the body ends early, the request is aborted) leaves no file either.
    /// </summary>
    public async Task<long?> SaveAsync(Guid importId, Stream body, long cap, CancellationToken cancellationToken)
    {
        var path = PathOf(importId);
        var total = 0L;
        try
        {
            await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            var buffer = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > cap) break;
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        catch
        {
            Delete(importId);
            throw;
        }

        if (total <= cap) return total;
        Delete(importId);
        return null;
    }

    public void Delete(Guid importId)
    {
        try
        {
            File.Delete(PathOf(importId));
        }
        catch (IOException)
        {
            // A leftover upload wastes disk but harms nothing; the next start does not read it.
        }
    }
}

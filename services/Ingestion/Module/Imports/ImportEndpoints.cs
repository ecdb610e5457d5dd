using System.Security.Claims;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Security;
using EvSysReview.ServiceDefaults.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace EvSysReview.Ingestion.Imports;

public static class ImportEndpoints
{
    private const int MaxSourceChars = 100;

    /// <summary>A multipart "source" may carry whitespace around its 100 characters, but not without end.</summary>
    private const int MaxSourcePartChars = 1024;

    /// <summary>A mapping of the 13 fields to header names fits easily.</summary>
    private const int MaxColumnsChars = 16 * 1024;

    /// <summary>Who may add records to a project: the lead, and the methodologist who runs the searches with them.</summary>
    public static readonly string[] Importers = [ProjectRoles.Lead, ProjectRoles.Methodologist];

    public static RouteGroupBuilder MapImports(this RouteGroupBuilder group)
    {
        group.MapPost("/projects/{projectId:guid}/imports", ImportAsync)
            .WithMetadata(new RequestSizeLimitMetadata())
            .RequireProjectRole<IngestionModule, RouteHandlerBuilder>(Importers);
        group.MapGet("/projects/{projectId:guid}/imports", ListAsync).RequireProjectRole<IngestionModule, RouteHandlerBuilder>(ProjectRoles.All);
        group.MapGet("/projects/{projectId:guid}/imports/{importId:guid}", GetAsync).RequireProjectRole<IngestionModule, RouteHandlerBuilder>(ProjectRoles.All);
        return group;
    }

    private static async Task<IResult> ImportAsync(
        Guid projectId, string? source, string? columns, HttpContext http, ClaimsPrincipal user, UploadStore uploads, ImportQueue queue,
        ModuleStore<IngestionModule> store, IOptions<IngestionOptions> options, CancellationToken cancellationToken)
    {
        var cap = options.Value.MaxUploadBytes;
        var request = http.Request;
        if (request.ContentLength > cap) return TooLarge(cap);
        // Our own cap replaces Kestrel's 30 MB default; the copy below counts bytes for chunked bodies.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = null;

        var importId = Guid.NewGuid();
        ImportFormat format;
        string? fileName = null;
        long? saved;
        try
        {
            if (MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) && mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            {
                var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
                if (string.IsNullOrEmpty(boundary)) return Problems.Validation("Content-Type", "multipart/form-data needs a boundary.");
                var reader = new MultipartReader(boundary, request.Body);
                ImportFormat? fileFormat = null;
                saved = null;
                var sawFile = false;
                while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
                {
                    if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)) continue;
                    if (disposition.IsFileDisposition() && !sawFile)
                    {
                        sawFile = true;
                        fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                        fileFormat = ImportFormats.FromFileName(fileName) ?? ImportFormats.FromContentType(section.ContentType);
                        if (fileFormat is null)
                            return Problems.UnsupportedMediaType($"The file part '{fileName}' has Content-Type '{section.ContentType}'; send one of {ImportFormats.Supported} (or name the file .xml, .ris, .nbib, .txt or .csv).");
                        saved = await uploads.SaveAsync(importId, section.Body, cap, cancellationToken);
                        if (saved is null) return TooLarge(cap);
                    }
                    else if (disposition.Name.Value == "source" && source is null)
                    {
                        source = await ReadFieldAsync(section.Body, MaxSourcePartChars, cancellationToken);
                        if (source is null)
                        {
                            uploads.Delete(importId);
                            return Problems.Validation("source", $"At most {MaxSourceChars} characters.");
                        }
                    }
                    else if (disposition.Name.Value == "columns" && columns is null)
                    {
                        columns = await ReadFieldAsync(section.Body, MaxColumnsChars, cancellationToken);
                        if (columns is null)
                        {
                            uploads.Delete(importId);
                            return Problems.Validation("columns", $"At most {MaxColumnsChars} characters.");
                        }
                    }
                }

                if (!sawFile) return Problems.Validation("file", "The multipart body has no file part.");
                format = fileFormat!.Value;
            }
            else
            {
                if (ImportFormats.FromContentType(request.ContentType) is not { } bodyFormat)
                    return Problems.UnsupportedMediaType($"Content-Type '{request.ContentType}' is not an import format; send one of {ImportFormats.Supported}.");
                format = bodyFormat;
                saved = await uploads.SaveAsync(importId, request.Body, cap, cancellationToken);
                if (saved is null) return TooLarge(cap);
            }
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException)
        {
            // A body that ends early (the client or a proxy gave up) or multipart that does not parse: the
            // client's fault, not ours, and the part already written must not stay on disk.
            uploads.Delete(importId);
            return Problems.Validation("body", $"The body could not be read to its end ({exception.Message}); send the file again.");
        }

        if (saved == 0)
        {
            uploads.Delete(importId);
            return Problems.Validation("body", "The file is empty.");
        }

        source = string.IsNullOrWhiteSpace(source) ? ImportFormats.DefaultSource(format) : source.Trim();
        if (source.Length > MaxSourceChars)
        {
            uploads.Delete(importId);
            return Problems.Validation("source", $"At most {MaxSourceChars} characters.");
        }

        var (csvColumns, columnsProblem) = ParseColumns(columns, format);
        if (columnsProblem is not null)
        {
            uploads.Delete(importId);
            return columnsProblem;
        }

        var batch = new ImportBatch
        {
            Id = importId, ProjectId = projectId, Source = source, Format = format, FileName = fileName, UploadBytes = saved!.Value, CsvColumns = csvColumns,
            Status = ImportStatus.Queued, CreatedBy = user.Username()!, CreatedAt = DateTimeOffset.UtcNow,
        };
        var pending = new PendingImport(projectId, importId);
        await store.CommitAsync(new UnitOfWork()
            .Put(ImportBatch.Collection, importId.ToString("N"), projectId.ToString("N"), batch, 0)
            .Put(PendingImport.Collection, importId.ToString("N"), PendingImport.Partition, pending, 0), cancellationToken);
        queue.Enqueue(pending);
        return TypedResults.Accepted($"/api/ingestion/projects/{projectId}/imports/{importId}", new { importId });
    }

    /// <summary>
    /// The optional CSV column mapping ("columns", query or multipart field): a JSON object of field
    /// name → header name, e.g. {"title":"Article Name","pmid":"PubMed Ref"}; fields left out are
    /// detected from the header as without a mapping.
    /// </summary>
    private static (IReadOnlyDictionary<string, string>? Columns, IResult? Problem) ParseColumns(string? columns, ImportFormat format)
    {
        if (string.IsNullOrWhiteSpace(columns)) return (null, null);
        if (format != ImportFormat.Csv) return (null, Problems.Validation("columns", "A column mapping applies to CSV uploads only."));
        Dictionary<string, string>? parsed;
        try
        {
            parsed = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(columns);
        }
        catch (System.Text.Json.JsonException)
        {
            parsed = null;
        }

        if (parsed is not { Count: > 0 })
            return (null, Problems.Validation("columns", "Expected a JSON object of field name to CSV header, e.g. {\"title\":\"Article Name\",\"pmid\":\"PubMed Ref\"}."));
        if (Citations.Csv.CsvColumnMapping.FromFields(parsed).UnknownField is { } unknown)
            return (null, Problems.Validation($"columns.{unknown}", $"Unknown field '{unknown}'; the fields are title, abstract, authors, year, doi, pmid, pmcid, journal, volume, issue, pages, keywords, language."));
        return (parsed, null);
    }

    /// <summary>A small multipart field, read only up to its cap (so a huge part is never buffered); null when longer.</summary>
    private static async Task<string?> ReadFieldAsync(Stream body, int maxChars, CancellationToken cancellationToken)
    {
        using var text = new StreamReader(body);
        var buffer = new char[maxChars + 1];
        var read = await text.ReadBlockAsync(buffer.AsMemory(), cancellationToken);
        return read > maxChars ? null : new string(buffer, 0, read);
    }

    private static IResult TooLarge(long cap) => Problems.PayloadTooLarge($"The file is larger than the limit of {cap} bytes; split it, or gzip it (gzip is read transparently).");

    private static async Task<IResult> ListAsync(Guid projectId, ModuleStore<IngestionModule> store, CancellationToken cancellationToken)
    {
        var imports = await store.ListAsync(ImportBatch.Collection, projectId.ToString("N"), cancellationToken);
        return TypedResults.Ok(imports.Select(StoreJson.Read<ImportBatch>).OrderByDescending(i => i.CreatedAt).Select(i => ImportView.From(i, withErrors: false)));
    }

    private static async Task<IResult> GetAsync(Guid projectId, Guid importId, ModuleStore<IngestionModule> store, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(ImportBatch.Collection, importId.ToString("N"), cancellationToken);
        if (stored is null || stored.Partition != projectId.ToString("N")) return Problems.NotFound("importId", $"No import {importId} in this project.");
        return TypedResults.Ok(ImportView.From(StoreJson.Read<ImportBatch>(stored), withErrors: true));
    }

    /// <summary>Lifts Kestrel's 30 MB default before any middleware reads the body; the handler enforces Ingestion:MaxUploadBytes itself.</summary>
    private sealed class RequestSizeLimitMetadata : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize => null;
    }
}

/// <summary>GET .../imports/{id}: status and counts, with progress while it runs.</summary>
public sealed record ImportView(
    Guid ImportId, ImportStatus Status, string Source, ImportFormat Format, string? FileName, long UploadBytes, string CreatedBy, DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt, int RecordsRead, int RecordsImported, int Duplicates, int ErrorCount,
    IReadOnlyList<Citations.RecordError>? Errors, string? Message)
{
    public static ImportView From(ImportBatch b, bool withErrors) => new(
        b.Id, b.Status, b.Source, b.Format, b.FileName, b.UploadBytes, b.CreatedBy, b.CreatedAt, b.CompletedAt,
        b.RecordsRead, b.RecordsImported, b.Duplicates, b.ErrorCount, withErrors ? b.Errors : null, b.Message);
}

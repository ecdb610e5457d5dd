using System.Security.Cryptography;
using System.Text;
using EvSysReview.ServiceDefaults.Security;
using EvSysReview.ServiceDefaults.Storage;
using Microsoft.AspNetCore.Http;

namespace EvSysReview.ServiceDefaults;

/// <summary>
/// Commands (POST, PUT, PATCH, DELETE) sent with an Idempotency-Key run once per user and key: a
/// retry gets the first response back (status, body, Location, ETag) without running again. A
/// retry that arrives while the first is still running gets 409; the same key with another
/// method, path or body gets 422, because that is a client bug, not a retry.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next, ModuleStore<IdempotencyModule> store)
{
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(1);

    public async Task InvokeAsync(HttpContext context)
    {
        var key = context.Request.Headers["Idempotency-Key"].ToString();
        var method = context.Request.Method;
        if (string.IsNullOrEmpty(key) || HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || context.User.Username() is not { } user)
        {
            await next(context);
            return;
        }

        if (key.Length > 200)
        {
            await Problems.Validation("Idempotency-Key", "At most 200 characters.").ExecuteAsync(context);
            return;
        }

        context.Request.EnableBuffering();
        var fingerprint = await FingerprintAsync(context.Request);
        var id = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{user}\n{key}")));
        var stored = await store.GetAsync(IdempotencyRecord.Collection, id, context.RequestAborted);
        if (stored is not null)
        {
            var record = StoreJson.Read<IdempotencyRecord>(stored);
            if (record.RequestFingerprint != fingerprint)
            {
                await Problems.Problem(422, "Idempotency-Key reused", "This Idempotency-Key was used for a different request; use a new key for a new command.", "Idempotency-Key").ExecuteAsync(context);
                return;
            }

            if (record.Status is { } status)
            {
                await ReplayAsync(context, record, status);
                return;
            }

            if (DateTimeOffset.UtcNow - record.StartedAt < AbandonedAfter)
            {
                await Problems.Conflict("A request with this Idempotency-Key is still being processed; retry shortly.", "Idempotency-Key").ExecuteAsync(context);
                return;
            }
        }

        var pending = new IdempotencyRecord(key, fingerprint, null, null, null, null, null, DateTimeOffset.UtcNow);
        try
        {
            await store.CommitAsync(new UnitOfWork().Put(IdempotencyRecord.Collection, id, user, pending, stored?.Version ?? 0), context.RequestAborted);
        }
        catch (ConcurrencyConflictException)
        {
            await Problems.Conflict("A request with this Idempotency-Key is being processed; retry shortly.", "Idempotency-Key").ExecuteAsync(context);
            return;
        }

        var originalBody = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = originalBody;
        }

        buffer.Position = 0;
        var body = Encoding.UTF8.GetString(buffer.ToArray());
        var current = await store.GetAsync(IdempotencyRecord.Collection, id, CancellationToken.None);
        // A 5xx is not remembered: the command may not have happened, so a retry should run it.
        var work = context.Response.StatusCode >= 500
            ? new UnitOfWork().Delete(IdempotencyRecord.Collection, id, user, current?.Version)
            : new UnitOfWork().Put(IdempotencyRecord.Collection, id, user, pending with
            {
                Status = context.Response.StatusCode,
                ContentType = context.Response.ContentType,
                Body = body,
                Location = context.Response.Headers.Location.ToString(),
                ETag = context.Response.Headers.ETag.ToString(),
            }, current?.Version);
        await store.CommitAsync(work, CancellationToken.None);
        buffer.Position = 0;
        await buffer.CopyToAsync(originalBody, context.RequestAborted);
    }

    private static async Task ReplayAsync(HttpContext context, IdempotencyRecord record, int status)
    {
        context.Response.StatusCode = status;
        context.Response.Headers["Idempotent-Replayed"] = "true";
        if (!string.IsNullOrEmpty(record.Location)) context.Response.Headers.Location = record.Location;
        if (!string.IsNullOrEmpty(record.ETag)) context.Response.Headers.ETag = record.ETag;
        if (record.ContentType is not null) context.Response.ContentType = record.ContentType;
        if (!string.IsNullOrEmpty(record.Body)) await context.Response.WriteAsync(record.Body, context.RequestAborted);
    }

    private static async Task<string> FingerprintAsync(HttpRequest request)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        var chunk = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0) hash.AppendData(chunk, 0, read);
        request.Body.Position = 0;
        return Convert.ToHexString(hash.GetHashAndReset());
    }
}

/// <summary>The host-wide store of remembered command responses (its own database, "idempotency").</summary>
public sealed class IdempotencyModule : IServiceModule
{
    public static string Name => "idempotency";
}

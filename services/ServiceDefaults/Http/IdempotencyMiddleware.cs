using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using EvSysReview.ServiceDefaults.Diagnostics;
using EvSysReview.ServiceDefaults.Security;
using EvSysReview.ServiceDefaults.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace EvSysReview.ServiceDefaults;

/// <summary>
/// Commands (POST, PUT, PATCH, DELETE) sent with an Idempotency-Key run once per user and key: a
/// retry gets the first response back (status, body, Location, ETag) without running again. A
/// retry that arrives while the first is still running gets 409; the same key with another
/// method, path or body gets 422, because that is a client bug, not a retry. A command that was
/// applied but whose answer was lost (a crash between its commit and the answer's) is not run again:
/// its mark in the module's store (AppliedCommand) turns the retry into a 409 — or into the command's
/// answer, when the command declared one that is only a status (a decision's 204), which then needs no record.
/// A keyed body is read (and buffered) to fingerprint it only up to the endpoint's size limit, or
/// <see cref="IdempotencyOptions.MaxBodyBytes"/> where the endpoint sets none; a larger one gets 413.
/// </summary>
public sealed class IdempotencyMiddleware(
    RequestDelegate next, ModuleStore<IdempotencyModule> store, IEnumerable<AppliedCommandStore> commandStores, IdempotencyOptions? options = null)
{
    private readonly long _maxBodyBytes = (options ?? new IdempotencyOptions()).MaxBodyBytes;

    private readonly AppliedCommandStore[] _commandStores = [.. commandStores];

    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(1);

    /// <summary>Keys (user and key, hashed) whose command runs in this process now, with the request's fingerprint.</summary>
    private readonly ConcurrentDictionary<string, string> _inFlight = new();

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

        // The body is buffered (to a temporary file beyond 30 KB) before the endpoint sees it, so
        // the endpoint's own size check comes too late: the read stops at the limit here.
        var limit = BodyLimit(context);
        if (context.Request.ContentLength > limit)
        {
            await TooLarge(limit).ExecuteAsync(context);
            return;
        }

        context.Request.EnableBuffering();
        if (await FingerprintAsync(context.Request, limit) is not { } fingerprint)
        {
            await TooLarge(limit).ExecuteAsync(context);
            return;
        }

        var id = IdempotencyRecord.IdFor(user, key);
        if (!_inFlight.TryAdd(id, fingerprint))
        {
            await (_inFlight.TryGetValue(id, out var running) && running != fingerprint ? KeyReused() : StillRunning()).ExecuteAsync(context);
            return;
        }

        try
        {
            await RunOnceAsync(context, user, key, id, fingerprint);
        }
        finally
        {
            _inFlight.TryRemove(id, out _);
        }
    }

    private async Task RunOnceAsync(HttpContext context, string user, string key, string id, string fingerprint)
    {
        var timing = ServerTiming.Current;
        var readStarted = Stopwatch.GetTimestamp();
        var stored = await store.GetAsync(IdempotencyRecord.Collection, id, context.RequestAborted);
        if (stored is not null)
        {
            var record = StoreJson.Read<IdempotencyRecord>(stored);
            if (record.RequestFingerprint != fingerprint)
            {
                await KeyReused().ExecuteAsync(context);
                return;
            }

            if (record.Status is { } status)
            {
                await ReplayAsync(context, record, status);
                return;
            }

            if (DateTimeOffset.UtcNow - record.StartedAt < AbandonedAfter)
            {
                await StillRunning().ExecuteAsync(context);
                return;
            }
        }

        // No answer is kept for the key. If the command was applied all the same (its answer's commit
        // was lost to a crash, or it failed with a 5xx after committing, or its answer is in the mark),
        // its mark says so.
        foreach (var commandStore in _commandStores)
        {
            if (await commandStore.Store.GetAsync(AppliedCommand.Collection, id, context.RequestAborted) is not { } mark) continue;
            var applied = StoreJson.Read<AppliedCommand>(mark);
            if (applied.RequestFingerprint != fingerprint) await KeyReused().ExecuteAsync(context);
            else if (applied.Answer is { } answer) Replay(context, answer);
            else await AppliedWithoutAnswer().ExecuteAsync(context);
            return;
        }

        timing?.AddSince("key-read", readStarted);
        var pending = new IdempotencyRecord(key, fingerprint, null, null, null, null, null, DateTimeOffset.UtcNow);
        var version = stored?.Version ?? 0;
        // Another process on the same store could run the same key at once: a pending record in
        // the store makes the second one wait. A store only this process writes (SQLite) needs just
        // the in-process set above, which saves a commit per command.
        if (!store.ProcessLocal)
        {
            try
            {
                await store.CommitAsync(new UnitOfWork().Put(IdempotencyRecord.Collection, id, user, pending, version), context.RequestAborted);
                version++;
            }
            catch (ConcurrencyConflictException)
            {
                await StillRunning().ExecuteAsync(context);
                return;
            }
        }

        var originalBody = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        var scope = new IdempotencyScope(id, fingerprint);
        IdempotencyScope.Current = scope;
        try
        {
            await next(context);
        }
        finally
        {
            IdempotencyScope.Current = null;
            context.Response.Body = originalBody;
        }

        var response = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        // The version is known (the one read, plus the pending record if one was written), so it is
        // not read again; a request that took the key over after AbandonedAfter has moved it on, and
        // then that request's record stands.
        UnitOfWork? work = AnsweredByMark(context.Response, scope, response.Length, version) ? null
            : context.Response.StatusCode >= 500
            // A 5xx is not remembered: the command may not have happened, so a retry should run it
            // (if it did happen, its AppliedCommand mark stops the retry).
            ? version > 0 ? new UnitOfWork().Delete(IdempotencyRecord.Collection, id, user, version) : null
            : new UnitOfWork().Put(IdempotencyRecord.Collection, id, user, pending with
            {
                Status = context.Response.StatusCode,
                ContentType = context.Response.ContentType,
                Body = Encoding.UTF8.GetString(response.Span),
                Location = context.Response.Headers.Location.ToString(),
                ETag = context.Response.Headers.ETag.ToString(),
            }, version);
        try
        {
            var commitStarted = Stopwatch.GetTimestamp();
            if (work is not null) await store.CommitAsync(work, CancellationToken.None);
            timing?.AddSince("key-commit", commitStarted);
        }
        catch (ConcurrencyConflictException)
        {
            // Taken over (see above): this response still goes to its caller.
        }

        // Nothing to write for an answer without a body: Kestrel refuses any write, even of zero
        // bytes, to a 204 or 304 it has not yet sent, and the caller got a reset connection (a
        // 502 at the gateway) instead of the 204.
        if (response.Length > 0) await originalBody.WriteAsync(response, context.RequestAborted);
    }

    /// <summary>
    /// The command committed its mark with this very answer (AppliedCommand.Answer), nothing else is
    /// in it, and no record of the key is in the store: a retry is answered from the mark, so no
    /// record is committed — on a screening decision with Prefer: return=minimal, one commit of two.
    /// </summary>
    private static bool AnsweredByMark(HttpResponse response, IdempotencyScope scope, long length, long version) =>
        version == 0 && scope.MarkedAnswer == response.StatusCode && length == 0
        && string.IsNullOrEmpty(response.Headers.Location) && string.IsNullOrEmpty(response.Headers.ETag) && string.IsNullOrEmpty(response.ContentType);

    private static void Replay(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        context.Response.Headers["Idempotent-Replayed"] = "true";
    }

    /// <summary>The endpoint's body size limit (Kestrel's, as routing set it from the endpoint's metadata), or the setting where it has none.</summary>
    private long BodyLimit(HttpContext context) =>
        context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? _maxBodyBytes;

    private static IResult TooLarge(long limit) =>
        Problems.PayloadTooLarge($"A request with an Idempotency-Key may have a body of at most {limit} bytes.");

    private static IResult KeyReused() =>
        Problems.Problem(422, "Idempotency-Key reused", "This Idempotency-Key was used for a different request; use a new key for a new command.", "Idempotency-Key");

    private static IResult AppliedWithoutAnswer() =>
        Problems.Conflict(
            "A request with this Idempotency-Key was applied, but its response was not kept (the service stopped or failed after applying it). It is not run again: read the resource to see the result.",
            "Idempotency-Key");

    private static IResult StillRunning() =>
        Problems.Conflict("A request with this Idempotency-Key is still being processed; retry shortly.", "Idempotency-Key");

    private static async Task ReplayAsync(HttpContext context, IdempotencyRecord record, int status)
    {
        Replay(context, status);
        if (!string.IsNullOrEmpty(record.Location)) context.Response.Headers.Location = record.Location;
        if (!string.IsNullOrEmpty(record.ETag)) context.Response.Headers.ETag = record.ETag;
        if (record.ContentType is not null) context.Response.ContentType = record.ContentType;
        if (!string.IsNullOrEmpty(record.Body)) await context.Response.WriteAsync(record.Body, context.RequestAborted);
    }

    /// <summary>The hash of method, path, query and body; null when the body is longer than <paramref name="limit"/> (read no further).</summary>
    private static async Task<string?> FingerprintAsync(HttpRequest request, long limit)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}{request.QueryString}\n"));
        // Rented: a fresh 80 KB array per command was most of what a screening decision allocated.
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            long total = 0;
            while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
            {
                total += read;
                if (total > limit) return null;
                hash.AppendData(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        request.Body.Position = 0;
        return Convert.ToHexString(hash.GetHashAndReset());
    }
}

/// <summary>The host-wide store of remembered command responses (its own database, "idempotency").</summary>
public sealed class IdempotencyModule : IServiceModule
{
    public static string Name => "idempotency";
}

using System.Security.Claims;
using System.Text;
using System.Text.Json;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Storage;
using EvSysReview.ServiceDefaults.Storage.Retention;
using EvSysReview.Platform.Tests.Storage;
using EvSysReview.ServiceDefaults.Storage.Sqlite;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EvSysReview.Platform.Tests.Http;

/// <summary>
/// The Idempotency-Key middleware on its own, over a real SQLite store: the paths a retried click
/// or a flaky network takes that the API tests (one replay each) do not reach.
/// </summary>
public sealed class IdempotencyMiddlewareTests : IDisposable
{
    private readonly SqliteDocumentStore _sqlite = new(Path.Combine(Directory.CreateTempSubdirectory("evsys-idempotency-").FullName, "idempotency.db"));
    private ModuleStore<IdempotencyModule> _store;
    private static readonly IServiceProvider Services = new ServiceCollection().AddLogging().BuildServiceProvider();
    private int _runs;

    public IdempotencyMiddlewareTests() => _store = new ModuleStore<IdempotencyModule>(_sqlite);

    public void Dispose()
    {
        _sqlite.Dispose();
        _things.Dispose();
    }

    /// <summary>The store of the module the keyed commands below write to (its own file, as in a host).</summary>
    private readonly SqliteDocumentStore _things = new(Path.Combine(Directory.CreateTempSubdirectory("evsys-idempotency-things-").FullName, "things.db"));

    private sealed class ThingsModule : IServiceModule
    {
        public static string Name => "things";
    }

    /// <summary>
    /// A create: each run adds a thing with a new id, so a second run is a second thing. <paramref name="failAfterCommit"/>
    /// answers 500 after committing, as a command that fails after its work is done does.
    /// </summary>
    private RequestDelegate CreateThing(ModuleStore<ThingsModule> things, bool failAfterCommit = false) => async context =>
    {
        _runs++;
        var id = Guid.NewGuid().ToString("N");
        await things.CommitAsync(new UnitOfWork().Put("things", id, "all", new { id }, 0));
        context.Response.StatusCode = failAfterCommit ? 500 : 201;
        await context.Response.WriteAsync(id);
    };

    /// <summary>
    /// A crash between the command's commit and the commit of its answer leaves the command applied and
    /// no answer for the key. Here the answer is lost by answering the retry from an empty idempotency
    /// store (as if the record's commit never happened); the module's store is the same.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_command_applied_whose_answer_was_lost_is_not_run_again_on_retry(bool shared)
    {
        if (shared) Share();
        var things = new ModuleStore<ThingsModule>(_things);
        AppliedCommandStore[] marks = [new(things)];
        var first = await SendAsync(new IdempotencyMiddleware(CreateThing(things), _store, marks), "k9", "{\"name\":\"a\"}");
        using var lostAnswers = new SqliteDocumentStore(Path.Combine(Directory.CreateTempSubdirectory("evsys-idempotency-lost-").FullName, "idempotency.db"));
        var afterCrash = new IdempotencyMiddleware(CreateThing(things), new ModuleStore<IdempotencyModule>(lostAnswers), marks);

        var retry = await SendAsync(afterCrash, "k9", "{\"name\":\"a\"}");
        var otherBody = await SendAsync(afterCrash, "k9", "{\"name\":\"b\"}");

        Assert.Equal(201, first.Status);
        Assert.Equal(409, retry.Status);
        Assert.Contains("was applied, but its response was not kept", retry.Body);
        Assert.Equal(422, otherBody.Status);
        Assert.Equal(1, _runs);
        Assert.Equal(1, await things.CountAsync("things", "all"));
        // The mark went into the command's own database, under the key's record id.
        Assert.NotNull(await _things.GetAsync(AppliedCommand.Collection, RecordId("alice", "k9")));
        Assert.Null(await _sqlite.GetAsync(AppliedCommand.Collection, RecordId("alice", "k9")));
    }

    [Fact]
    public async Task A_server_error_after_the_command_committed_is_not_run_again_but_one_before_it_is()
    {
        var things = new ModuleStore<ThingsModule>(_things);
        AppliedCommandStore[] marks = [new(things)];
        var failsBefore = new IdempotencyMiddleware(async context => { _runs++; context.Response.StatusCode = 503; await context.Response.WriteAsync("busy"); }, _store, marks);

        var unavailable = await SendAsync(failsBefore, "k10", "{}");
        var created = await SendAsync(new IdempotencyMiddleware(CreateThing(things, failAfterCommit: true), _store, marks), "k10", "{}");
        var retried = await SendAsync(new IdempotencyMiddleware(CreateThing(things), _store, marks), "k10", "{}");

        Assert.Equal((503, 500, 409), (unavailable.Status, created.Status, retried.Status));
        Assert.Equal(2, _runs);
        Assert.Equal(1, await things.CountAsync("things", "all"));
    }

    [Fact]
    public async Task A_command_that_commits_twice_is_marked_once_and_commits_outside_its_scope_not_at_all()
    {
        var things = new ModuleStore<ThingsModule>(_things);
        var middleware = new IdempotencyMiddleware(async context =>
        {
            await things.CommitAsync(new UnitOfWork().Put("things", "one", "all", new { n = 1 }, 0));
            await things.CommitAsync(new UnitOfWork().Put("things", "two", "all", new { n = 2 }, 0));
            context.Response.StatusCode = 201;
        }, _store, [new(things)]);

        await SendAsync(middleware, "k11", "{}");
        await things.CommitAsync(new UnitOfWork().Put("things", "three", "all", new { n = 3 }, 0));
        // A keyed command that commits nothing: the key's record is committed after it, outside the scope, unmarked.
        var idle = await SendAsync(new IdempotencyMiddleware(async context => await context.Response.WriteAsync("nothing to do"), _store, [new(things)]), "k12", "{}");

        var mark = await _things.GetAsync(AppliedCommand.Collection, RecordId("alice", "k11"));
        Assert.Equal(1, mark!.Version);
        Assert.Equal(1, await _things.CountAsync(AppliedCommand.Collection, AppliedCommand.Partition));
        Assert.Equal(3, await things.CountAsync("things", "all"));
        Assert.Equal((200, "nothing to do"), (idle.Status, idle.Body));
        Assert.NotNull(await _sqlite.GetAsync(IdempotencyRecord.Collection, RecordId("alice", "k12")));
        Assert.Null(await _sqlite.GetAsync(AppliedCommand.Collection, RecordId("alice", "k12")));
        Assert.Null(await _things.GetAsync(AppliedCommand.Collection, RecordId("alice", "k12")));
    }

    /// <summary>Shared: the same file as if several processes wrote it (as a MongoDB store may be), so pending records are written down.</summary>
    private void Share() => _store = new ModuleStore<IdempotencyModule>(new SharedStore(_sqlite));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_server_error_is_not_remembered_so_the_retry_runs_and_its_answer_is_replayed(bool shared)
    {
        if (shared) Share();
        var status = 503;
        var middleware = new IdempotencyMiddleware(async context => { _runs++; context.Response.StatusCode = status; await context.Response.WriteAsync($"run {_runs}"); }, _store, []);

        var failed = await SendAsync(middleware, "k1", "{\"a\":1}");
        status = 201;
        var retried = await SendAsync(middleware, "k1", "{\"a\":1}");
        var replayed = await SendAsync(middleware, "k1", "{\"a\":1}");

        Assert.Equal((503, "run 1"), (failed.Status, failed.Body));
        Assert.Equal((201, "run 2"), (retried.Status, retried.Body));
        Assert.Equal((201, "run 2", "true"), (replayed.Status, replayed.Body, replayed.Replayed));
        Assert.Equal(2, _runs);
    }

    // Shared: the retry reaches another process (a second middleware), which learns from the
    // stored pending record; not shared: the same process knows it in memory.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_retry_while_the_first_is_still_running_gets_409_and_runs_nothing(bool shared)
    {
        if (shared) Share();
        var release = new TaskCompletionSource();
        RequestDelegate command = async context =>
        {
            if (++_runs == 1) await release.Task;
            await context.Response.WriteAsync("done");
        };
        var middleware = new IdempotencyMiddleware(command, _store, []);
        var other = shared ? new IdempotencyMiddleware(command, _store, []) : middleware;

        var first = SendAsync(middleware, "k2", "{}");
        while (_runs == 0) await Task.Delay(10);
        var early = await SendAsync(other, "k2", "{}");
        var otherBody = await SendAsync(other, "k2", "{\"x\":1}");
        release.SetResult();

        Assert.Equal(409, early.Status);
        Assert.Equal("Idempotency-Key", JsonDocument.Parse(early.Body).RootElement.GetProperty("field").GetString());
        Assert.Equal(422, otherBody.Status);
        Assert.Equal((200, "done"), ((await first).Status, (await first).Body));
        Assert.Equal(1, _runs);
    }

    // The fingerprint reads the body in 16 KB pieces: a body that differs only after the first
    // piece must still count as a different request.
    [Fact]
    public async Task The_same_key_with_a_body_that_differs_after_the_first_16_KB_is_refused_with_422()
    {
        var middleware = new IdempotencyMiddleware(async context => { _runs++; await context.Response.WriteAsync("ok"); }, _store, []);
        var common = new string('x', 40_000);

        var first = await SendAsync(middleware, "k3", $"{{\"text\":\"{common}a\"}}");
        var other = await SendAsync(middleware, "k3", $"{{\"text\":\"{common}b\"}}");
        var same = await SendAsync(middleware, "k3", $"{{\"text\":\"{common}a\"}}");

        Assert.Equal(200, first.Status);
        Assert.Equal(422, other.Status);
        Assert.Equal((200, "true"), (same.Status, same.Replayed));
        Assert.Equal(1, _runs);
    }

    // The body is buffered to fingerprint it before the endpoint (whose own cap comes later) runs:
    // a keyed body over the limit is refused with 413 once the limit is passed, not read to its end.
    [Fact]
    public async Task A_keyed_body_over_the_limit_is_refused_with_413_after_reading_no_more_than_the_limit()
    {
        var middleware = new IdempotencyMiddleware(async context => { _runs++; await context.Response.WriteAsync("ok"); }, _store, [], new IdempotencyOptions { MaxBodyBytes = 100_000 });
        var endless = new CountingBody(20_000_000);
        var declared = new CountingBody(20_000_000);

        var (status, body) = await SendStreamAsync(middleware, "k30", endless, contentLength: null);
        var (declaredStatus, _) = await SendStreamAsync(middleware, "k31", declared, contentLength: 20_000_000);
        var (withinStatus, withinBody) = await SendStreamAsync(middleware, "k32", new CountingBody(100_000), contentLength: null);

        Assert.Equal(413, status);
        Assert.Equal("body", JsonDocument.Parse(body).RootElement.GetProperty("field").GetString());
        Assert.Contains("at most 100000 bytes", body);
        Assert.InRange(endless.Served, 100_001, 100_000 + (16 * 1024));
        Assert.Equal(413, declaredStatus);
        Assert.Equal(0, declared.Served);
        Assert.Equal((200, "ok"), (withinStatus, withinBody));
        Assert.Equal(1, _runs);
    }

    // Where the endpoint has a size limit (Kestrel's, set by routing from its metadata), that limit
    // is the one the fingerprint's read keeps to, not the setting for endpoints without one.
    [Fact]
    public async Task A_keyed_body_is_held_to_the_endpoints_own_limit_when_it_has_one()
    {
        var middleware = new IdempotencyMiddleware(async context => { _runs++; await context.Response.WriteAsync("ok"); }, _store, [], new IdempotencyOptions { MaxBodyBytes = 100_000 });
        var body = new CountingBody(5_000);

        var (status, answer) = await SendStreamAsync(middleware, "k33", body, contentLength: null, endpointLimit: 1_000);

        Assert.Equal(413, status);
        Assert.Contains("at most 1000 bytes", answer);
        Assert.Equal(0, _runs);
    }

    private static async Task<(int Status, string Body)> SendStreamAsync(IdempotencyMiddleware middleware, string key, Stream body, long? contentLength, long? endpointLimit = null)
    {
        var context = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "alice")], "test")),
            RequestServices = Services,
        };
        if (endpointLimit is not null) context.Features.Set<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>(new BodySizeLimit { MaxRequestBodySize = endpointLimit });
        context.Request.Method = "POST";
        context.Request.Path = "/api/things";
        context.Request.Headers["Idempotency-Key"] = key;
        context.Request.ContentLength = contentLength;
        context.Request.Body = body;
        var response = new MemoryStream();
        context.Response.Body = response;
        await middleware.InvokeAsync(context);
        return (context.Response.StatusCode, Encoding.UTF8.GetString(response.ToArray()));
    }

    private sealed class BodySizeLimit : Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature
    {
        public bool IsReadOnly => false;

        public long? MaxRequestBodySize { get; set; }
    }

    /// <summary>A request body of <paramref name="length"/> bytes made up as it is read, counting what was read.</summary>
    private sealed class CountingBody(long length) : Stream
    {
        public long Served { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => Served; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - Served);
            buffer.AsSpan(offset, n).Fill((byte)'x');
            Served += n;
            return n;
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    // A first attempt that never finished (its process died, or another process still runs it)
    // holds the key for a minute; after that a retry takes it over and runs the command.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_abandoned_attempt_is_taken_over_after_a_minute(bool shared)
    {
        if (shared) Share();
        var middleware = new IdempotencyMiddleware(async context => { _runs++; await context.Response.WriteAsync("ran"); }, _store, []);
        var fingerprint = (await SendAsync(new IdempotencyMiddleware(_ => Task.CompletedTask, _store, []), "probe", "{}")).Fingerprint;
        await AbandonAsync("k4", fingerprint, TimeSpan.FromSeconds(20));
        var tooSoon = await SendAsync(middleware, "k4", "{}");
        await AbandonAsync("k5", fingerprint, TimeSpan.FromMinutes(2));
        var takenOver = await SendAsync(middleware, "k5", "{}");
        var replayed = await SendAsync(middleware, "k5", "{}");

        Assert.Equal(409, tooSoon.Status);
        Assert.Equal((200, "ran"), (takenOver.Status, takenOver.Body));
        Assert.Equal((200, "ran", "true"), (replayed.Status, replayed.Body, replayed.Replayed));
        Assert.Equal(1, _runs);
    }

    // Two processes on a shared store, both past the abandoned mark: the one that stores its answer
    // first keeps the key; the other's caller still gets its own answer rather than an error.
    [Fact]
    public async Task A_request_whose_key_was_taken_over_while_it_ran_still_answers_and_the_other_record_stands()
    {
        Share();
        var id = RecordId("alice", "k6");
        var middleware = new IdempotencyMiddleware(async context =>
        {
            _runs++;
            var mine = (await _store.GetAsync(IdempotencyRecord.Collection, id))!;
            var record = StoreJson.Read<IdempotencyRecord>(mine);
            await _store.CommitAsync(new UnitOfWork().Put(IdempotencyRecord.Collection, id, "alice", record with { Status = 201, Body = "the other one" }, mine.Version));
            await context.Response.WriteAsync("mine");
        }, _store, []);

        var answer = await SendAsync(middleware, "k6", "{}");
        var replayed = await SendAsync(middleware, "k6", "{}");

        Assert.Equal((200, "mine"), (answer.Status, answer.Body));
        Assert.Equal((201, "the other one", "true"), (replayed.Status, replayed.Body, replayed.Replayed));
        Assert.Equal(1, _runs);
    }

    // The host's retention purge (StoreRetention, as AddServiceDefaults registers it for this store)
    // forgets a key a day after its answer was stored: until then a retry is replayed, after it the
    // same key runs the command again, as a new one.
    [Fact]
    public async Task A_key_is_replayed_for_a_day_and_runs_again_once_the_retention_purge_forgot_it()
    {
        var middleware = new IdempotencyMiddleware(async context => { _runs++; await context.Response.WriteAsync($"run {_runs}"); }, _store, []);
        var retention = (TimeSpan later) => new StoreRetention<IdempotencyModule>(
            _store, [new ExpiringCollection(IdempotencyRecord.Collection, o => o.IdempotencyKeys)], Options.Create(new RetentionOptions()), new LaterClock(later),
            NullLogger<StoreRetention<IdempotencyModule>>.Instance);

        await SendAsync(middleware, "k7", "{}");
        var hoursLater = await retention(TimeSpan.FromHours(23)).PurgeOnceAsync(CancellationToken.None);
        var withinTheDay = await SendAsync(middleware, "k7", "{}");
        var dayLater = await retention(TimeSpan.FromHours(25)).PurgeOnceAsync(CancellationToken.None);
        var afterTheDay = await SendAsync(middleware, "k7", "{}");

        Assert.Equal(0, hoursLater.Documents);
        Assert.Equal(("run 1", "true"), (withinTheDay.Body, withinTheDay.Replayed));
        Assert.Equal(1, dayLater.Documents);
        Assert.Equal(("run 2", (string?)null), (afterTheDay.Body, afterTheDay.Replayed));
        Assert.Equal(2, _runs);
    }

    // Kestrel refuses any write, even of zero bytes, to a 204 or 304 it has not yet sent; the
    // middleware once wrote the (empty) buffered answer anyway and about one decision in ten sent with
    // Prefer: return=minimal reached the gateway as a reset connection, a 502 (living-load, 2026-12-01).
    // The answer body here refuses writes the same way.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_answer_without_a_body_is_not_written_to_first_or_on_replay(bool shared)
    {
        if (shared) Share();
        var middleware = new IdempotencyMiddleware(context => { _runs++; context.Response.StatusCode = 204; return Task.CompletedTask; }, _store, []);

        var first = await SendAsync(middleware, "k8", "{}", bodiless: true);
        var replayed = await SendAsync(middleware, "k8", "{}", bodiless: true);

        Assert.Equal((204, ""), (first.Status, first.Body));
        Assert.Equal((204, "true"), (replayed.Status, replayed.Replayed));
        Assert.Equal(1, _runs);
    }

    /// <summary>
    /// A command that answers only a status (a screening decision's 204 with Prefer: return=minimal)
    /// declares it before committing; its mark then carries the answer and no record is committed on
    /// a store only this process writes. Shared, the pending record is there already and is completed as before.
    /// </summary>
    private RequestDelegate DecideNoContent(ModuleStore<ThingsModule> things, int answer = 204, bool failAfterCommit = false) => async context =>
    {
        _runs++;
        IdempotencyScope.Current!.AnswerWhenApplied(204);
        await things.CommitAsync(new UnitOfWork().Put("things", Guid.NewGuid().ToString("N"), "all", new { decided = true }, 0));
        if (failAfterCommit) throw new InvalidOperationException("failed after the commit");
        context.Response.StatusCode = answer;
        if (answer != 204) await context.Response.WriteAsync("{\"decided\":true}");
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_status_only_answer_is_kept_in_the_commands_mark_and_replayed_from_it(bool shared)
    {
        if (shared) Share();
        var things = new ModuleStore<ThingsModule>(_things);
        var middleware = new IdempotencyMiddleware(DecideNoContent(things), _store, [new(things)]);

        var first = await SendAsync(middleware, "k20", "{\"decision\":\"include\"}", bodiless: true);
        var recorded = await _sqlite.GetAsync(IdempotencyRecord.Collection, RecordId("alice", "k20"));
        var retry = await SendAsync(middleware, "k20", "{\"decision\":\"include\"}", bodiless: true);
        var otherBody = await SendAsync(middleware, "k20", "{\"decision\":\"exclude\"}", bodiless: true);

        Assert.Equal((204, "", (string?)null), (first.Status, first.Body, first.Replayed));
        Assert.Equal((204, "", "true"), (retry.Status, retry.Body, retry.Replayed));
        Assert.Equal(422, otherBody.Status);
        Assert.Equal(1, _runs);
        Assert.Equal(1, await things.CountAsync("things", "all"));
        var mark = StoreJson.Read<AppliedCommand>((await _things.GetAsync(AppliedCommand.Collection, RecordId("alice", "k20")))!);
        Assert.Equal(204, mark.Answer);
        // Only the shared store wrote a record (the pending one, before the command ran), and completed it.
        if (shared) Assert.Equal(204, StoreJson.Read<IdempotencyRecord>(recorded!).Status);
        else Assert.Null(recorded);
    }

    [Fact]
    public async Task An_answer_other_than_the_declared_one_is_recorded_and_the_record_is_what_a_retry_gets()
    {
        var things = new ModuleStore<ThingsModule>(_things);
        var middleware = new IdempotencyMiddleware(DecideNoContent(things, answer: 200), _store, [new(things)]);

        var first = await SendAsync(middleware, "k21", "{}");
        var retry = await SendAsync(middleware, "k21", "{}");

        Assert.Equal((200, "{\"decided\":true}"), (first.Status, first.Body));
        Assert.Equal((200, "{\"decided\":true}", "true"), (retry.Status, retry.Body, retry.Replayed));
        Assert.Equal(200, StoreJson.Read<IdempotencyRecord>((await _sqlite.GetAsync(IdempotencyRecord.Collection, RecordId("alice", "k21")))!).Status);
        Assert.Equal(1, _runs);
    }

    /// <summary>
    /// Before, a command that failed after committing left its retry a 409 ("applied, but its response
    /// was not kept"); with its answer in the mark the retry gets the answer the command would have given.
    /// </summary>
    [Fact]
    public async Task A_command_that_failed_after_committing_a_status_only_answer_gets_that_answer_on_retry()
    {
        var things = new ModuleStore<ThingsModule>(_things);

        await Assert.ThrowsAsync<InvalidOperationException>(() => SendAsync(new IdempotencyMiddleware(DecideNoContent(things, failAfterCommit: true), _store, [new(things)]), "k22", "{}", bodiless: true));
        var retry = await SendAsync(new IdempotencyMiddleware(DecideNoContent(things), _store, [new(things)]), "k22", "{}", bodiless: true);

        Assert.Equal((204, "true"), (retry.Status, retry.Replayed));
        Assert.Equal(1, _runs);
        Assert.Equal(1, await things.CountAsync("things", "all"));
        Assert.Null(await _sqlite.GetAsync(IdempotencyRecord.Collection, RecordId("alice", "k22")));
    }

    private async Task AbandonAsync(string key, string fingerprint, TimeSpan ago)
    {
        var record = new IdempotencyRecord(key, fingerprint, null, null, null, null, null, DateTimeOffset.UtcNow - ago);
        await _store.CommitAsync(new UnitOfWork().Put(IdempotencyRecord.Collection, RecordId("alice", key), "alice", record, 0));
    }

    private static string RecordId(string user, string key) => IdempotencyRecord.IdFor(user, key);

    private async Task<(int Status, string Body, string? Replayed, string Fingerprint)> SendAsync(IdempotencyMiddleware middleware, string key, string body, bool bodiless = false)
    {
        var context = new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "alice")], "test")),
            RequestServices = Services,
        };
        context.Request.Method = "POST";
        context.Request.Path = "/api/things";
        context.Request.Headers["Idempotency-Key"] = key;
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        var response = new MemoryStream();
        context.Response.Body = bodiless ? new BodilessStatusGuard(context.Response, response) : response;
        await middleware.InvokeAsync(context);
        var stored = await _store.GetAsync(IdempotencyRecord.Collection, RecordId("alice", key));
        var fingerprint = stored is null ? "" : StoreJson.Read<IdempotencyRecord>(stored).RequestFingerprint;
        return (context.Response.StatusCode, Encoding.UTF8.GetString(response.ToArray()), context.Response.Headers["Idempotent-Replayed"].FirstOrDefault(), fingerprint);
    }

    /// <summary>An answer body that, like Kestrel's, throws on any write while the status is 204 or 304.</summary>
    private sealed class BodilessStatusGuard(HttpResponse response, Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            response.StatusCode is 204 or 304
                ? throw new InvalidOperationException($"Writing to the response body is invalid for responses with status code {response.StatusCode}.")
                : inner.WriteAsync(buffer, cancellationToken);
    }

    private sealed class SharedStore(IDocumentStore inner) : DelegatingDocumentStore(inner)
    {
        public override bool ProcessLocal => false;
    }
}

using EvSysReview.ServiceDefaults.Storage.Retention;
using MongoDB.Bson;
using MongoDB.Driver;

namespace EvSysReview.ServiceDefaults.Storage.Mongo;

/// <summary>
/// The production store: one database per service module, documents/outbox/inbox collections, and
/// a multi-document transaction per commit (MongoDB needs a replica set for that; the compose file
/// starts a single-node one). Document bodies are kept as the same JSON text SQLite keeps, so the
/// two engines return identical documents to the contract tests.
/// </summary>
public sealed class MongoDocumentStore : IDocumentStore
{
    private readonly IMongoClient _client;
    private readonly IMongoCollection<BsonDocument> _documents;
    private readonly IMongoCollection<BsonDocument> _outbox;
    private readonly IMongoCollection<BsonDocument> _inbox;

    public MongoDocumentStore(IMongoClient client, string databaseName)
    {
        _client = client;
        var database = client.GetDatabase(databaseName);
        _documents = database.GetCollection<BsonDocument>("documents");
        _outbox = database.GetCollection<BsonDocument>("outbox");
        _inbox = database.GetCollection<BsonDocument>("inbox");
        _documents.Indexes.CreateOne(new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("collection").Ascending("partition").Ascending("seq")));
        _outbox.Indexes.CreateOne(new CreateIndexModel<BsonDocument>(
            Builders<BsonDocument>.IndexKeys.Ascending("dispatchedAt").Ascending("createdAt")));
    }

    public async Task<StoredDocument?> GetAsync(string collection, string id, CancellationToken cancellationToken = default)
    {
        var found = await _documents.Find(Builders<BsonDocument>.Filter.Eq("_id", Key(collection, id)))
            .FirstOrDefaultAsync(cancellationToken);
        return found is null ? null : ReadDocument(found);
    }

    public async Task<IReadOnlyList<StoredDocument>> ListAsync(string collection, string partition, CancellationToken cancellationToken = default)
    {
        var filter = Builders<BsonDocument>.Filter.Eq("collection", collection) & Builders<BsonDocument>.Filter.Eq("partition", partition);
        var found = await _documents.Find(filter).Sort(Builders<BsonDocument>.Sort.Ascending("seq")).ToListAsync(cancellationToken);
        return found.Select(ReadDocument).ToList();
    }

    public async Task<int> CountAsync(string collection, string partition, CancellationToken cancellationToken = default)
    {
        var filter = Builders<BsonDocument>.Filter.Eq("collection", collection) & Builders<BsonDocument>.Filter.Eq("partition", partition);
        return (int)await _documents.CountDocumentsAsync(filter, cancellationToken: cancellationToken);
    }

    public async Task<CommitResult> CommitAsync(UnitOfWork work, CancellationToken cancellationToken = default)
    {
        using var session = await _client.StartSessionAsync(cancellationToken: cancellationToken);
        return await session.WithTransactionAsync(
            async (s, ct) => await CommitInTransactionAsync(s, work, ct),
            cancellationToken: cancellationToken);
    }

    private async Task<CommitResult> CommitInTransactionAsync(IClientSessionHandle session, UnitOfWork work, CancellationToken cancellationToken)
    {
        if (work.InboxEntry is { } inbox)
        {
            var inboxId = $"{inbox.Consumer}|{inbox.MessageId}";
            var seen = await _inbox.Find(session, Builders<BsonDocument>.Filter.Eq("_id", inboxId)).AnyAsync(cancellationToken);
            if (seen)
            {
                await session.AbortTransactionAsync(cancellationToken);
                return CommitResult.AlreadyApplied;
            }

            await _inbox.InsertOneAsync(session, new BsonDocument { ["_id"] = inboxId, ["appliedAt"] = DateTime.UtcNow }, cancellationToken: cancellationToken);
        }

        var now = DateTime.UtcNow;
        foreach (var write in work.Writes)
        {
            var key = Key(write.Collection, write.Id);
            var current = await _documents.Find(session, Builders<BsonDocument>.Filter.Eq("_id", key)).FirstOrDefaultAsync(cancellationToken);
            long? currentVersion = current?["version"].ToInt64();
            if (write.ExpectedVersion is { } expected && expected != (currentVersion ?? 0))
            {
                throw new ConcurrencyConflictException(write.Collection, write.Id, expected, currentVersion);
            }

            if (write.IsDelete)
            {
                await _documents.DeleteOneAsync(session, Builders<BsonDocument>.Filter.Eq("_id", key), cancellationToken: cancellationToken);
                continue;
            }

            var body = new BsonDocument
            {
                ["_id"] = key,
                ["collection"] = write.Collection,
                ["id"] = write.Id,
                ["partition"] = write.Partition,
                ["version"] = (currentVersion ?? 0) + 1,
                ["json"] = write.Json,
                ["updatedAt"] = now,
                // Insertion order, so partition listings come back in the order SQLite's rowid gives.
                ["seq"] = current?["seq"] ?? new BsonInt64(now.Ticks),
            };
            await _documents.ReplaceOneAsync(session, Builders<BsonDocument>.Filter.Eq("_id", key), body, new ReplaceOptions { IsUpsert = true }, cancellationToken);
        }

        if (work.Outbox.Count > 0)
        {
            await _outbox.InsertManyAsync(session, work.Outbox.Select(m => new BsonDocument
            {
                ["_id"] = m.MessageId.ToString(),
                ["messageType"] = m.MessageType,
                ["json"] = m.Json,
                ["createdAt"] = m.CreatedAt.UtcDateTime,
                ["attempts"] = 0,
                ["dispatchedAt"] = BsonNull.Value,
                ["traceParent"] = m.TraceParent is null ? BsonNull.Value : new BsonString(m.TraceParent),
            }), cancellationToken: cancellationToken);
        }

        return CommitResult.Committed;
    }

    public async Task<IReadOnlyList<OutboxMessage>> PendingOutboxAsync(int max, IReadOnlyCollection<string>? exceptTypes = null, CancellationToken cancellationToken = default)
    {
        // Eq null also matches a missing parkedAt (messages written before parking existed).
        var unsent = Builders<BsonDocument>.Filter.Eq("dispatchedAt", BsonNull.Value) & Builders<BsonDocument>.Filter.Eq("parkedAt", BsonNull.Value);
        if (exceptTypes is { Count: > 0 }) unsent &= Builders<BsonDocument>.Filter.Nin("messageType", exceptTypes);
        var found = await _outbox.Find(unsent)
            .Sort(Builders<BsonDocument>.Sort.Ascending("createdAt")).Limit(max).ToListAsync(cancellationToken);
        return found.Select(d => new OutboxMessage(
            Guid.Parse(d["_id"].AsString),
            d["messageType"].AsString,
            d["json"].AsString,
            new DateTimeOffset(d["createdAt"].ToUniversalTime()),
            d["attempts"].ToInt32(),
            d.TryGetValue("traceParent", out var trace) && trace.IsString ? trace.AsString : null)).ToList();
    }

    public Task MarkDispatchedAsync(IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken = default) =>
        _outbox.UpdateManyAsync(
            Builders<BsonDocument>.Filter.In("_id", messageIds.Select(id => id.ToString())),
            Builders<BsonDocument>.Update.Set("dispatchedAt", DateTime.UtcNow).Inc("attempts", 1),
            cancellationToken: cancellationToken);

    public Task ParkOutboxAsync(IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken = default) =>
        _outbox.UpdateManyAsync(
            Builders<BsonDocument>.Filter.In("_id", messageIds.Select(id => id.ToString())),
            Builders<BsonDocument>.Update.Set("parkedAt", DateTime.UtcNow),
            cancellationToken: cancellationToken);

    public async Task<int> CountPendingOutboxAsync(CancellationToken cancellationToken = default) =>
        (int)await _outbox.CountDocumentsAsync(Builders<BsonDocument>.Filter.Eq("dispatchedAt", BsonNull.Value), cancellationToken: cancellationToken);

    /// <summary>One pass as SQLite's COUNT(*), MIN(created_at): a group of the type's waiting rows.</summary>
    public async Task<WaitingOutbox> WaitingOutboxAsync(string messageType, CancellationToken cancellationToken = default)
    {
        var waiting = Builders<BsonDocument>.Filter.Eq("dispatchedAt", BsonNull.Value) & Builders<BsonDocument>.Filter.Eq("parkedAt", BsonNull.Value) & Builders<BsonDocument>.Filter.Eq("messageType", messageType);
        var group = await _outbox.Aggregate()
            .Match(waiting)
            .Group(new BsonDocument { ["_id"] = BsonNull.Value, ["count"] = new BsonDocument("$sum", 1), ["oldest"] = new BsonDocument("$min", "$createdAt") })
            .FirstOrDefaultAsync(cancellationToken);
        return group is null ? new WaitingOutbox(0, null) : new WaitingOutbox(group["count"].ToInt32(), new DateTimeOffset(group["oldest"].ToUniversalTime()));
    }

    public Task<bool> IsAppliedAsync(string consumer, Guid messageId, CancellationToken cancellationToken = default) =>
        _inbox.Find(Builders<BsonDocument>.Filter.Eq("_id", $"{consumer}|{messageId}")).AnyAsync(cancellationToken);

    /// <summary>Several hosts may share one MongoDB deployment.</summary>
    public bool ProcessLocal => false;

    public Task PingAsync(CancellationToken cancellationToken = default) =>
        _documents.Database.RunCommandAsync<BsonDocument>(new BsonDocument("ping", 1), cancellationToken: cancellationToken);

    /// <summary>
    /// One DeleteMany per part, outside a transaction: MongoDB deletes document by document, so the
    /// commits beside it are not held up as they are behind SQLite's one write lock. A `$lt` on a date
    /// never matches the null of a pending outbox message (comparisons stay within a BSON type).
    /// </summary>
    public async Task<PurgeResult> PurgeAsync(PurgeRequest request, CancellationToken cancellationToken = default)
    {
        var filter = Builders<BsonDocument>.Filter;
        var result = PurgeResult.None;
        if (request.SentOutboxBefore is { } sent)
        {
            var deleted = await _outbox.DeleteManyAsync(filter.Type("dispatchedAt", BsonType.DateTime) & filter.Lt("dispatchedAt", sent.UtcDateTime), cancellationToken);
            result = result with { SentOutbox = deleted.DeletedCount };
        }

        if (request.InboxBefore is { } applied)
        {
            var deleted = await _inbox.DeleteManyAsync(filter.Lt("appliedAt", applied.UtcDateTime), cancellationToken);
            result = result with { Inbox = deleted.DeletedCount };
        }

        foreach (var (collection, before) in request.DocumentsBefore)
        {
            var deleted = await _documents.DeleteManyAsync(filter.Eq("collection", collection) & filter.Lt("updatedAt", before.UtcDateTime), cancellationToken);
            result = result with { Documents = result.Documents + deleted.DeletedCount };
        }

        return result;
    }

    private static string Key(string collection, string id) => $"{collection}/{id}";

    private static StoredDocument ReadDocument(BsonDocument d) => new(
        d["collection"].AsString,
        d["id"].AsString,
        d["partition"].AsString,
        d["version"].ToInt64(),
        d["json"].AsString,
        new DateTimeOffset(d["updatedAt"].ToUniversalTime()));
}

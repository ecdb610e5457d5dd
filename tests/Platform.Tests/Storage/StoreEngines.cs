using EvSysReview.ServiceDefaults.Storage;
using EvSysReview.ServiceDefaults.Storage.Mongo;
using EvSysReview.ServiceDefaults.Storage.Sqlite;
using MongoDB.Driver;
using Testcontainers.MongoDb;

namespace EvSysReview.Platform.Tests.Storage;

/// <summary>
/// The engines the contract runs on. MongoDB comes from MONGODB_URI (must be a replica set:
/// commits use transactions) or a Testcontainers replica set when a Docker engine exists.
/// </summary>
public static class StoreEngines
{
    public const string Sqlite = "sqlite";
    public const string Mongo = "mongodb";

    /// <summary>
    /// SQLite with the collections the contracts find only by id ("notes", "keys", "mixed") in its keyed
    /// table, as the hosts keep the Idempotency-Key marks (SqliteDocumentTable.Keyed). "items" stays in
    /// the documents table: the contract lists it in insertion order, which the keyed table does not keep.
    /// </summary>
    public const string SqliteKeyed = "sqlite-keyed";

    private static readonly Lazy<Task<IMongoClient>> MongoClient = new(StartMongoAsync);

    public static bool DockerAvailable => File.Exists("/var/run/docker.sock") || Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 };

    public static bool MongoReachable => Environment.GetEnvironmentVariable("MONGODB_URI") is { Length: > 0 } || DockerAvailable;

    public static TheoryData<string> Available => MongoReachable ? new TheoryData<string> { Sqlite, SqliteKeyed, Mongo } : new TheoryData<string> { Sqlite, SqliteKeyed };

    public static async Task<IDocumentStore> CreateAsync(string engine) => engine switch
    {
        Sqlite => new SqliteDocumentStore(Path.Combine(Directory.CreateTempSubdirectory("evsys-contract-").FullName, "contract.db")),
        SqliteKeyed => new SqliteDocumentStore(Path.Combine(Directory.CreateTempSubdirectory("evsys-contract-").FullName, "contract.db"), keyedCollections: ["notes", "keys", "mixed"]),
        Mongo => new MongoDocumentStore(await MongoClient.Value, $"contract-{Guid.NewGuid():N}"),
        _ => throw new ArgumentOutOfRangeException(nameof(engine), engine, "unknown engine"),
    };

    private static async Task<IMongoClient> StartMongoAsync()
    {
        var uri = Environment.GetEnvironmentVariable("MONGODB_URI");
        if (string.IsNullOrEmpty(uri))
        {
            var container = new MongoDbBuilder("mongo:8.0").WithReplicaSet().Build();
            await container.StartAsync();
            uri = container.GetConnectionString();
        }

        return new MongoClient(uri);
    }
}

/// <summary>Says, in the test report, whether the MongoDB half of the contract ran here, and why not.</summary>
public sealed class MongoContractFactAttribute : FactAttribute
{
    public MongoContractFactAttribute()
    {
        if (!StoreEngines.MongoReachable)
        {
            Skip = "MongoDB storage contract not run: MONGODB_URI is not set and no Docker engine is reachable (no MongoDB server package installs on this machine). The SQLite run of the same contract did run.";
        }
    }
}

public sealed class MongoContractAvailability
{
    [MongoContractFact]
    public async Task The_MongoDB_engine_is_in_the_contract_run_and_answers()
    {
        Assert.Contains(StoreEngines.Mongo, ((IEnumerable<object[]>)StoreEngines.Available).Select(row => (string)row[0]));
        var store = await StoreEngines.CreateAsync(StoreEngines.Mongo);
        await store.PingAsync();
    }
}

using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Storage;
using EvSysReview.ServiceDefaults.Storage.Mongo;
using EvSysReview.ServiceDefaults.Storage.Retention;
using EvSysReview.ServiceDefaults.Storage.Sqlite;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using MongoDB.Driver;

namespace EvSysReview.ServiceDefaults;

public static class ModuleRegistration
{
    public const string MongoUriVariable = "MONGODB_URI";
    public const string DataDirectoryKey = "Storage:DataDirectory";

    /// <summary>
    /// Gives a module its own store (MongoDB database "evsysreview-{module}" when MONGODB_URI is set,
    /// else SQLite file {data}/{module}.db), its outbox dispatcher, readiness checks, and the
    /// membership read model every module authorises from.
    /// </summary>
    public static IHostApplicationBuilder AddModule<TModule>(this IHostApplicationBuilder builder)
        where TModule : IServiceModule
    {
        builder.AddModuleStore<TModule>();
        var services = builder.Services;
        services.AddOutbox<TModule>();
        services.AddScoped<Security.ProjectAccess<TModule>>();
        builder.AddConsumer<TModule, ProjectCreatedConsumer<TModule>>();
        builder.AddConsumer<TModule, Security.MemberJoinedConsumer<TModule>>();
        builder.AddConsumer<TModule, Security.MemberRoleChangedConsumer<TModule>>();
        builder.AddConsumer<TModule, Security.MemberLeftConsumer<TModule>>();
        return builder;
    }

    /// <summary>The module's store alone, with its readiness check and its retention purge.</summary>
    /// <param name="expiring">Collections whose documents the purge forgets after an age (Idempotency-Key records).</param>
    public static IHostApplicationBuilder AddModuleStore<TModule>(this IHostApplicationBuilder builder, params ExpiringCollection[] expiring)
        where TModule : IServiceModule
    {
        var services = builder.Services;
        var mongoUri = builder.Configuration[MongoUriVariable];
        if (!string.IsNullOrWhiteSpace(mongoUri))
        {
            services.TryAddMongoClient(mongoUri);
            services.AddSingleton(sp => new ModuleStore<TModule>(new MongoDocumentStore(sp.GetRequiredService<IMongoClient>(), $"evsysreview-{TModule.Name}")));
        }
        else
        {
            var dataDirectory = builder.Configuration[DataDirectoryKey] ?? Path.Combine(builder.Environment.ContentRootPath, "data");
            // The marks keyed commands leave (AppliedCommand) are only ever found by id: a table of their own.
            services.AddSingleton(_ => new ModuleStore<TModule>(new SqliteDocumentStore(Path.Combine(dataDirectory, $"{TModule.Name}.db"), keyedCollections: [AppliedCommand.Collection])));
        }

        services.AddHealthChecks().Add(new HealthCheckRegistration(
            $"store-{TModule.Name}",
            sp => new StoreHealthCheck(sp.GetRequiredService<ModuleStore<TModule>>()),
            HealthStatus.Unhealthy,
            ["ready"]));
        services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        if (typeof(TModule) != typeof(IdempotencyModule))
        {
            // Where keyed commands leave their marks (AppliedCommand), kept as long as the keys' answers.
            services.AddSingleton(sp => new AppliedCommandStore(sp.GetRequiredService<ModuleStore<TModule>>()));
            expiring = [.. expiring, new ExpiringCollection(AppliedCommand.Collection, retention => retention.IdempotencyKeys)];
        }

        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<StoreRetention<TModule>>(sp, (IReadOnlyList<ExpiringCollection>)expiring));
        services.AddHostedService(sp => sp.GetRequiredService<StoreRetention<TModule>>());
        return builder;
    }

    public static IHostApplicationBuilder AddConsumer<TModule, TConsumer>(this IHostApplicationBuilder builder)
        where TModule : IServiceModule
        where TConsumer : class, IConsumer
    {
        builder.Services.ConsumerCatalog().Add(typeof(TConsumer), TModule.Name);
        return builder;
    }

    /// <summary>
    /// This module had <paramref name="consumerName"/> (of <typeparamref name="TMessage"/>) in an
    /// earlier version: its queue, still bound on a broker that ran that version, would fill with
    /// messages nobody takes. The host removes it at start (<see cref="RetiredQueueRemoval"/>).
    /// </summary>
    public static IHostApplicationBuilder RetireConsumer<TModule, TMessage>(this IHostApplicationBuilder builder, string consumerName)
        where TModule : IServiceModule
    {
        builder.Services.ConsumerCatalog().Retire(consumerName, TModule.Name, typeof(TMessage).Name);
        return builder;
    }

    private static void TryAddMongoClient(this IServiceCollection services, string uri)
    {
        if (services.Any(d => d.ServiceType == typeof(IMongoClient))) return;
        services.AddSingleton<IMongoClient>(_ => new MongoClient(uri));
    }
}

using EvSysReview.Ingestion.Alerts;
using EvSysReview.Ingestion.Clusters;
using EvSysReview.Ingestion.Imports;
using EvSysReview.Ingestion.Records;
using EvSysReview.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;

namespace EvSysReview.Ingestion;

/// <summary>Uploads, PubMed alerts, normalised citation records and duplicate clusters.</summary>
public sealed class IngestionModule : IServiceModule
{
    public static string Name => "ingestion";
}

public static class IngestionModuleExtensions
{
    public static IHostApplicationBuilder AddIngestion(this IHostApplicationBuilder builder)
    {
        builder.AddModule<IngestionModule>();
        var services = builder.Services;
        services.AddOptions<IngestionOptions>().BindConfiguration(IngestionOptions.Section)
            // A runner renews its claim every third of the lease: a lease of nothing would renew in a tight loop.
            .Validate(o => o.Alerts.RunLease >= TimeSpan.FromSeconds(3), "Ingestion:Alerts:RunLease must be at least 00:00:03 (the default is 00:02:00): a runner renews its claim every third of it.")
            .ValidateOnStart();
        services.AddSingleton<ProjectCitationsCache>();
        services.AddSingleton<CitationIntake>();
        services.AddSingleton<UploadStore>();
        services.AddSingleton<ImportQueue>();
        services.AddSingleton<ImportProcessor>();
        services.AddHostedService<ImportWorker>();
        builder.AddAlerts();
        return builder;
    }

    public static WebApplication MapIngestion(this WebApplication app)
    {
        app.MapGroup("/api/ingestion").WithTags("ingestion")
            .MapProjectStatus<IngestionModule>()
            .MapImports()
            .MapRecords()
            .MapClusters()
            .MapSearches();
        return app;
    }

    /// <summary>The PubMed poller: typed E-utilities client with retries and NCBI's rate limit, the runner, the schedule.</summary>
    private static void AddAlerts(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<EUtilitiesRateLimiter>();
        services.AddTransient<EUtilitiesRateLimitHandler>();
        services.AddTransient<EUtilitiesAttemptHandler>();
        var client = services.AddHttpClient<EUtilitiesClient>((sp, http) =>
        {
            var baseUrl = sp.GetRequiredService<IOptions<IngestionOptions>>().Value.Alerts.BaseUrl;
            http.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
            http.Timeout = Timeout.InfiniteTimeSpan;
        });
        client.AddStandardResilienceHandler().Configure((resilience, sp) =>
        {
            var alerts = sp.GetRequiredService<IOptions<IngestionOptions>>().Value.Alerts;
            resilience.Retry.Delay = alerts.RetryDelay;
            resilience.Retry.MaxRetryAttempts = alerts.MaxRetryAttempts;
            resilience.Retry.UseJitter = true;
            // Backoff 2+4+8+16 s plus the attempts must fit; the default total of 30 s would cut retries short.
            resilience.TotalRequestTimeout.Timeout = alerts.TotalTimeout;
            resilience.AttemptTimeout.Timeout = alerts.AttemptTimeout;
            resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromMinutes(1);
        });
        // Added after the resilience handler, so they sit inside it: every attempt (retries too) waits
        // for a slot, is counted, and reads its whole answer under the attempt timeout.
        client.AddHttpMessageHandler<EUtilitiesRateLimitHandler>();
        client.AddHttpMessageHandler<EUtilitiesAttemptHandler>();
        // Transient: a typed HttpClient must not be captured for the life of the process (DNS changes).
        services.AddTransient<SearchRunner>();
        // From a factory, so the container disposes it with the host: a later runner of this process may then take its claims over.
        services.AddSingleton(_ => RunnerIdentity.OfThisProcess());
        services.AddSingleton<AlertSignal>();
        services.AddHostedService<PubMedPoller>();
        builder.AddConsumer<IngestionModule, ProtocolPublishedConsumer>();
    }
}

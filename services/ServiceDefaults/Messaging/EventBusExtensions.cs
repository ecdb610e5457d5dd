using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EvSysReview.ServiceDefaults.Messaging;

public static class EventBusExtensions
{
    /// <summary>
    /// Configures the one bus of this process from what the modules registered: RabbitMQ with quorum
    /// queues when RABBITMQ_URI is set, otherwise the in-memory transport (the standalone default).
    /// Call after every module's Add….
    /// </summary>
    public static IHostApplicationBuilder AddEventBus(this IHostApplicationBuilder builder)
    {
        var catalog = builder.Services.ConsumerCatalog();
        var section = builder.Configuration.GetSection("Bus");
        var settings = section.Get<BusSettings>() ?? new BusSettings();
        // The binder appends configured array items to the defaults; configured intervals replace them.
        var backoff = section.GetSection(nameof(BusSettings.BackoffIntervals));
        if (backoff.Exists()) settings.BackoffIntervals = backoff.Get<TimeSpan[]>() ?? [];
        var rabbitUri = builder.Configuration[BusSettings.RabbitMqUriVariable];

        // Start the bus before the host reports started: a host stopped right after starting must not
        // leave receive endpoints that come up later and consume into a disposed container.
        builder.Services.AddOptions<MassTransitHostOptions>().Configure(options =>
        {
            options.WaitUntilStarted = true;
            options.StartTimeout = settings.StartTimeout;
            options.StopTimeout = TimeSpan.FromSeconds(30);
        });
        if (!string.IsNullOrWhiteSpace(rabbitUri) && catalog.Retired.Count > 0)
        {
            // Apart from the bus: it touches none of the bus's own exchanges or queues.
            builder.Services.AddHostedService(sp => new RetiredQueueRemoval(
                new Uri(rabbitUri), settings.QueuePrefix, catalog.Retired, sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<RetiredQueueRemoval>>()));
        }

        builder.Services.AddMassTransit(bus =>
        {
            // MassTransit (since 8.4) reports how each bus is configured to usage-tracking.masstransit.io
            // a while after it starts, unless told not to. A self-hosted review system sends nothing to
            // third parties; offline, the report also failed with a warning in every host's log (and
            // its HTTP client and serializer were JIT-compiled minutes into a load run). An operator who
            // wants to share it sets MASSTRANSIT_USAGE_TELEMETRY=true, which MassTransit reads first.
            bus.DisableUsageTelemetry();
            foreach (var (consumer, endpoint) in catalog.Consumers)
            {
                bus.AddConsumer(consumer).Endpoint(e => e.Name = settings.QueuePrefix + endpoint);
            }

            bus.AddConfigureEndpointsCallback((_, _, endpoint) =>
            {
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit) rabbit.SetQuorumQueue();
                endpoint.PrefetchCount = settings.PrefetchCount;
                endpoint.UseMessageRetry(r => r.Intervals(settings.BackoffIntervals));
                endpoint.UseMessageRetry(r => r.Immediate(settings.ImmediateRetries));
            });

            if (!string.IsNullOrWhiteSpace(rabbitUri))
            {
                bus.UsingRabbitMq((context, rabbit) =>
                {
                    rabbit.Host(new Uri(rabbitUri));
                    rabbit.ConfigureEndpoints(context);
                });
            }
            else
            {
                bus.UsingInMemory((context, memory) => memory.ConfigureEndpoints(context));
            }
        });
        return builder;
    }

    public static ConsumerCatalog ConsumerCatalog(this IServiceCollection services)
    {
        var existing = services.FirstOrDefault(d => d.ServiceType == typeof(ConsumerCatalog))?.ImplementationInstance;
        if (existing is ConsumerCatalog catalog) return catalog;
        catalog = new ConsumerCatalog();
        services.AddSingleton(catalog);
        return catalog;
    }
}

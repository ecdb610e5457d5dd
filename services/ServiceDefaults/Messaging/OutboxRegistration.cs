using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EvSysReview.ServiceDefaults.Messaging;

public static class OutboxRegistration
{
    /// <summary>The module's outbox dispatcher (options from "Outbox"), its wake-up signal, and its readiness check of held-back types.</summary>
    public static IServiceCollection AddOutbox<TModule>(this IServiceCollection services)
        where TModule : IServiceModule
    {
        services.AddOptions<OutboxOptions>().BindConfiguration("Outbox");
        services.AddSingleton<OutboxSignal<TModule>>();
        services.AddSingleton<OutboxDispatcher<TModule>>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher<TModule>>());
        // A check that fails to count reports Degraded: the store's own check says Unhealthy if the store is gone.
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            HeldBackEventsCheck<TModule>.Name,
            sp => ActivatorUtilities.CreateInstance<HeldBackEventsCheck<TModule>>(sp),
            HealthStatus.Degraded,
            ["ready"]));
        return services;
    }
}

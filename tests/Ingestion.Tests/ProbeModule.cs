using EvSysReview.Contracts.Ingestion;
using EvSysReview.ServiceDefaults;
using EvSysReview.TestSupport.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EvSysReview.Ingestion.Tests;

/// <summary>A stand-in for screening: its own queues, recording every event ingestion publishes.</summary>
public sealed class ProbeModule : IServiceModule
{
    public static string Name => "ingestion-probe";
}

public sealed class CitationImportedConsumer(ObservedEvents observed) : ObservedConsumer<CitationImported>(observed);

public sealed class DuplicateDetectedConsumer(ObservedEvents observed) : ObservedConsumer<DuplicateDetected>(observed);

public sealed class CitationRetractedConsumer(ObservedEvents observed) : ObservedConsumer<CitationRetracted>(observed);

public sealed class ImportCompletedConsumer(ObservedEvents observed) : ObservedConsumer<ImportCompleted>(observed);

public static class ProbeRegistration
{
    public static IHostApplicationBuilder AddProbe(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ObservedEvents>();
        builder.AddConsumer<ProbeModule, CitationImportedConsumer>();
        builder.AddConsumer<ProbeModule, DuplicateDetectedConsumer>();
        builder.AddConsumer<ProbeModule, CitationRetractedConsumer>();
        builder.AddConsumer<ProbeModule, ImportCompletedConsumer>();
        return builder;
    }
}

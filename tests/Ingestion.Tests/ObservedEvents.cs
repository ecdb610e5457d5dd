using System.Collections.Concurrent;
using EvSysReview.Contracts;
using EvSysReview.Contracts.Ingestion;
using EvSysReview.ServiceDefaults;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EvSysReview.Ingestion.Tests;

/// <summary>A stand-in for screening: its own queues, recording every event ingestion publishes.</summary>
public sealed class ProbeModule : IServiceModule
{
    public static string Name => "ingestion-probe";
}

public sealed class ObservedEvents
{
    private readonly ConcurrentQueue<IntegrationEvent> events = new();

    public void Add(IntegrationEvent integrationEvent) => events.Enqueue(integrationEvent);

    public IReadOnlyList<T> Of<T>(Guid projectId)
        where T : IntegrationEvent =>
        events.OfType<T>().Where(e => e.ProjectId == projectId).ToList();
}

public sealed class CitationImportedConsumer(ObservedEvents observed) : IConsumer<CitationImported>
{
    public Task Consume(ConsumeContext<CitationImported> context)
    {
        observed.Add(context.Message);
        return Task.CompletedTask;
    }
}

public sealed class DuplicateDetectedConsumer(ObservedEvents observed) : IConsumer<DuplicateDetected>
{
    public Task Consume(ConsumeContext<DuplicateDetected> context)
    {
        observed.Add(context.Message);
        return Task.CompletedTask;
    }
}

public sealed class CitationRetractedConsumer(ObservedEvents observed) : IConsumer<CitationRetracted>
{
    public Task Consume(ConsumeContext<CitationRetracted> context)
    {
        observed.Add(context.Message);
        return Task.CompletedTask;
    }
}

public sealed class ImportCompletedConsumer(ObservedEvents observed) : IConsumer<ImportCompleted>
{
    public Task Consume(ConsumeContext<ImportCompleted> context)
    {
        observed.Add(context.Message);
        return Task.CompletedTask;
    }
}

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

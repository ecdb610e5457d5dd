using System.Collections.Concurrent;
using EvSysReview.Contracts;
using EvSysReview.Contracts.Extraction;
using EvSysReview.ServiceDefaults;
using MassTransit;

namespace EvSysReview.Extraction.Tests.Probe;

/// <summary>A stand-in downstream service (the synthesis, later): its own queues, recording what extraction publishes.</summary>
public sealed class ProbeModule : IServiceModule
{
    public static string Name => "probe";
}

public sealed class ObservedEvents
{
    private readonly ConcurrentQueue<IntegrationEvent> _events = new();

    public void Add(IntegrationEvent integrationEvent) => _events.Enqueue(integrationEvent);

    public IReadOnlyList<T> Of<T>(Guid studyId)
        where T : IntegrationEvent =>
        _events.OfType<T>().Where(e => e switch
        {
            ExtractionFinalized f => f.StudyId == studyId,
            ExtractionReopened r => r.StudyId == studyId,
            _ => false,
        }).ToList();
}

public sealed class ExtractionFinalizedConsumer(ObservedEvents observed) : IConsumer<ExtractionFinalized>
{
    public Task Consume(ConsumeContext<ExtractionFinalized> context)
    {
        observed.Add(context.Message);
        return Task.CompletedTask;
    }
}

public sealed class ExtractionReopenedConsumer(ObservedEvents observed) : IConsumer<ExtractionReopened>
{
    public Task Consume(ConsumeContext<ExtractionReopened> context)
    {
        observed.Add(context.Message);
        return Task.CompletedTask;
    }
}

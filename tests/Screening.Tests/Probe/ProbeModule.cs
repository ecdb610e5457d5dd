using System.Collections.Concurrent;
using EvSysReview.Contracts;
using EvSysReview.Contracts.Screening;
using EvSysReview.ServiceDefaults;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EvSysReview.Screening.Tests.Probe;

/// <summary>A stand-in downstream service (extraction, synthesis): its own queues, recording what screening publishes.</summary>
public sealed class ProbeModule : IServiceModule
{
    public static string Name => "probe";
}

public sealed class ObservedEvents
{
    private readonly ConcurrentQueue<IntegrationEvent> _events = new();

    public void Add(IntegrationEvent integrationEvent) => _events.Enqueue(integrationEvent);

    public IReadOnlyList<T> Of<T>(Guid projectId)
        where T : IntegrationEvent =>
        _events.OfType<T>().Where(e => e.ProjectId == projectId).ToList();

    public static void AddTo(IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ObservedEvents>();
        builder.AddConsumer<ProbeModule, DecisionRecordedConsumer>();
        builder.AddConsumer<ProbeModule, ConflictRaisedConsumer>();
        builder.AddConsumer<ProbeModule, ConflictResolvedConsumer>();
        builder.AddConsumer<ProbeModule, RecordAdvancedConsumer>();
        builder.AddConsumer<ProbeModule, StudyIncludedConsumer>();
        builder.AddConsumer<ProbeModule, StudyExcludedConsumer>();
        builder.AddConsumer<ProbeModule, DecisionWithdrawnConsumer>();
        builder.AddConsumer<ProbeModule, RetractionOverriddenConsumer>();
    }
}

/// <summary>Records every message of type T (one named subclass per message: one queue each).</summary>
public abstract class ObservedConsumer<T>(ObservedEvents observed) : IConsumer<T>
    where T : IntegrationEvent
{
    public Task Consume(ConsumeContext<T> context)
    {
        observed.Add(context.Message);
        return Task.CompletedTask;
    }
}

public sealed class DecisionRecordedConsumer(ObservedEvents observed) : ObservedConsumer<DecisionRecorded>(observed);

public sealed class ConflictRaisedConsumer(ObservedEvents observed) : ObservedConsumer<ConflictRaised>(observed);

public sealed class ConflictResolvedConsumer(ObservedEvents observed) : ObservedConsumer<ConflictResolved>(observed);

public sealed class RecordAdvancedConsumer(ObservedEvents observed) : ObservedConsumer<RecordAdvanced>(observed);

public sealed class StudyIncludedConsumer(ObservedEvents observed) : ObservedConsumer<StudyIncluded>(observed);

public sealed class StudyExcludedConsumer(ObservedEvents observed) : ObservedConsumer<StudyExcluded>(observed);

public sealed class DecisionWithdrawnConsumer(ObservedEvents observed) : ObservedConsumer<DecisionWithdrawn>(observed);

public sealed class RetractionOverriddenConsumer(ObservedEvents observed) : ObservedConsumer<RetractionOverridden>(observed);

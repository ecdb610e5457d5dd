using EvSysReview.Contracts.Screening;
using EvSysReview.ServiceDefaults;
using EvSysReview.TestSupport.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EvSysReview.Screening.Tests.Probe;

/// <summary>A stand-in downstream service (extraction, synthesis): its own queues, recording what screening publishes.</summary>
public sealed class ProbeModule : IServiceModule
{
    public static string Name => "probe";
}

public static class ProbeRegistration
{
    public static void AddTo(IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ObservedEvents>();
        builder.AddConsumer<ProbeModule, DecisionRecordedConsumer>();
        builder.AddConsumer<ProbeModule, ConflictRaisedConsumer>();
        builder.AddConsumer<ProbeModule, ConflictResolvedConsumer>();
        builder.AddConsumer<ProbeModule, RecordAdvancedConsumer>();
        builder.AddConsumer<ProbeModule, StudyIncludedConsumer>();
        builder.AddConsumer<ProbeModule, StudyExcludedConsumer>();
        builder.AddConsumer<ProbeModule, StudyWithdrawnConsumer>();
        builder.AddConsumer<ProbeModule, DecisionWithdrawnConsumer>();
        builder.AddConsumer<ProbeModule, RetractionOverriddenConsumer>();
    }
}

public sealed class DecisionRecordedConsumer(ObservedEvents observed) : ObservedConsumer<DecisionRecorded>(observed);

public sealed class ConflictRaisedConsumer(ObservedEvents observed) : ObservedConsumer<ConflictRaised>(observed);

public sealed class ConflictResolvedConsumer(ObservedEvents observed) : ObservedConsumer<ConflictResolved>(observed);

public sealed class RecordAdvancedConsumer(ObservedEvents observed) : ObservedConsumer<RecordAdvanced>(observed);

public sealed class StudyIncludedConsumer(ObservedEvents observed) : ObservedConsumer<StudyIncluded>(observed);

public sealed class StudyExcludedConsumer(ObservedEvents observed) : ObservedConsumer<StudyExcluded>(observed);

public sealed class StudyWithdrawnConsumer(ObservedEvents observed) : ObservedConsumer<StudyWithdrawn>(observed);

public sealed class DecisionWithdrawnConsumer(ObservedEvents observed) : ObservedConsumer<DecisionWithdrawn>(observed);

public sealed class RetractionOverriddenConsumer(ObservedEvents observed) : ObservedConsumer<RetractionOverridden>(observed);

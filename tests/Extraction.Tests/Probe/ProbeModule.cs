using EvSysReview.Contracts.Extraction;
using EvSysReview.ServiceDefaults;
using EvSysReview.TestSupport.Messaging;

namespace EvSysReview.Extraction.Tests.Probe;

/// <summary>A stand-in downstream service (the synthesis, later): its own queues, recording what extraction publishes.</summary>
public sealed class ProbeModule : IServiceModule
{
    public static string Name => "probe";
}

public sealed class ExtractionFinalizedConsumer(ObservedEvents observed) : ObservedConsumer<ExtractionFinalized>(observed);

public sealed class ExtractionReopenedConsumer(ObservedEvents observed) : ObservedConsumer<ExtractionReopened>(observed);

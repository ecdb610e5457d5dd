using EvSysReview.Contracts.Synthesis;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.Synthesis.Tests.Living;

/// <summary>A downstream stand-in with its own queue and store: records every SynthesisUpdated it receives.</summary>
public sealed class RecorderModule : IServiceModule
{
    public static string Name => "synthesis-test-recorder";
}

public sealed record RecordedUpdate(int Version, IReadOnlyList<string> Summary, string? Cause);

public sealed class SynthesisUpdatedConsumer(ModuleStore<RecorderModule> store, OutboxSignal<RecorderModule> signal)
    : IdempotentConsumer<RecorderModule, SynthesisUpdated>(store, signal)
{
    protected override Task Apply(SynthesisUpdated message, UnitOfWork work, CancellationToken cancellationToken)
    {
        work.Put("updates", message.EventId.ToString(), message.ProjectId.ToString("N"), new RecordedUpdate(message.Version, message.Summary, message.Cause), 0);
        return Task.CompletedTask;
    }
}

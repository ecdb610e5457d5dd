using EvSysReview.Contracts.Screening;
using EvSysReview.Screening;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.Integration.Tests.Faults;

/// <summary>Counts DecisionRecorded events that came back over the broker (see <see cref="EventCounter"/>).</summary>
public sealed class DecisionRecordedCounterConsumer(ModuleStore<ScreeningModule> store, OutboxSignal<ScreeningModule> signal)
    : IdempotentConsumer<ScreeningModule, DecisionRecorded>(store, signal)
{
    private const string Name = "decision-recorded";

    protected override Task Apply(DecisionRecorded message, UnitOfWork work, CancellationToken cancellationToken) =>
        EventCounter.IncrementAsync(Store, work, Name, message.EventId, cancellationToken);

    public static Task<int> CountAsync(IDocumentStore store) => EventCounter.CountAsync(store, Name);
}

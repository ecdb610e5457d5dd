using EvSysReview.Contracts.Reviews;
using EvSysReview.Screening.Queue;
using EvSysReview.Screening.Ranking;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.Screening.Protocol;

/// <summary>Keeps the screening settings of the project's latest protocol version; an older version arriving late changes nothing.</summary>
public sealed class ProtocolPublishedConsumer(ModuleStore<ScreeningModule> store, OutboxSignal<ScreeningModule> signal, ScreeningRepository repository, RankingSignal ranking, ScreeningQueues queues)
    : IdempotentConsumer<ScreeningModule, ProtocolPublished>(store, signal)
{
    // The settings mirror follows the write, or decisions would go on under the old protocol.
    protected override void Committed(UnitOfWork work) => queues.Committed(work);

    protected override async Task Apply(ProtocolPublished message, UnitOfWork work, CancellationToken cancellationToken)
    {
        var stored = await repository.SettingsVersionedAsync(message.ProjectId, cancellationToken);
        if (stored is not null && stored.Value.ProtocolVersion >= message.Version) return;
        var settings = ProtocolReader.Read(stored?.Value ?? ProjectSettings.Default(message.ProjectId), message.Version, message.Protocol);
        ScreeningRepository.PutSettings(work, settings, stored?.Version ?? 0);
        // New highlight terms change the order before the first include.
        ranking.Changed(message.ProjectId);
    }
}

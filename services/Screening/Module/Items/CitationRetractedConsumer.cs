using EvSysReview.Contracts.Ingestion;
using EvSysReview.Screening.Core.Decisions;
using EvSysReview.Screening.Decisions;
using EvSysReview.Screening.Queue;
using EvSysReview.Screening.Ranking;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Storage;
using Microsoft.Extensions.Options;

namespace EvSysReview.Screening.Items;

/// <summary>
/// A retracted citation is flagged and excluded with reason "retracted" at its latest stage (the
/// full-text item once the record advanced). An included study's exclusion says WasIncluded, so
/// extraction and risk of bias withdraw their work on it. A lead may override it (ItemEndpoints).
/// </summary>
public sealed class CitationRetractedConsumer(ModuleStore<ScreeningModule> store, OutboxSignal<ScreeningModule> signal, ScreeningRepository repository, RankingSignal ranking, ScreeningQueues queues, IOptions<ScreeningEventOptions> events)
    : IdempotentConsumer<ScreeningModule, CitationRetracted>(store, signal)
{
    protected override void Committed(UnitOfWork work) => queues.Committed(work);

    protected override async Task Apply(CitationRetracted message, UnitOfWork work, CancellationToken cancellationToken)
    {
        var stored = await repository.ItemAsync(message.ProjectId, message.RecordId, ScreeningStage.FullText, cancellationToken)
            ?? await repository.ItemAsync(message.ProjectId, message.RecordId, ScreeningStage.TitleAbstract, cancellationToken);
        if (stored is null)
        {
            var key = PendingRetraction.Key(message.ProjectId, message.RecordId);
            var pending = await Store.GetAsync(PendingRetraction.Collection, key, cancellationToken);
            work.Put(PendingRetraction.Collection, key, message.ProjectId.ToString("N"), new PendingRetraction(message.ProjectId, message.RecordId, true), pending?.Version ?? 0);
            return;
        }

        var settings = await repository.SettingsAsync(message.ProjectId, cancellationToken);
        var outcome = ItemCommands.From(stored.Value, stored.Value.Item.Retract(message.OccurredAt, settings.Protocol));
        if (outcome.Document == stored.Value) return;
        ScreeningRepository.PutItem(work, outcome.Document, stored.Version);
        await EffectEvents.AddAsync(work, repository, stored.Value, outcome, settings, events.Value, message.CorrelationId, cancellationToken);
        ranking.Changed(message.ProjectId, 1);
    }
}

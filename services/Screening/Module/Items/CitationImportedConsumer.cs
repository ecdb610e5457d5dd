using EvSysReview.Contracts.Ingestion;
using EvSysReview.Screening.Core.Decisions;
using EvSysReview.Screening.Core.Highlights;
using EvSysReview.Screening.Decisions;
using EvSysReview.Screening.Queue;
using EvSysReview.Screening.Ranking;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Storage;
using Microsoft.Extensions.Options;

namespace EvSysReview.Screening.Items;

/// <summary>
/// Each imported citation (one per duplicate cluster) becomes a title/abstract item keyed by its
/// RecordId. A citation already known to be retracted (on import, or CitationRetracted arrived
/// first) is flagged and excluded at once with reason "retracted".
/// </summary>
public sealed class CitationImportedConsumer(ModuleStore<ScreeningModule> store, OutboxSignal<ScreeningModule> signal, ScreeningRepository repository, RankingSignal ranking, ScreeningQueues queues, IOptions<ScreeningEventOptions> events)
    : IdempotentConsumer<ScreeningModule, CitationImported>(store, signal)
{
    protected override void Committed(UnitOfWork work) => queues.Committed(work);

    protected override async Task Apply(CitationImported message, UnitOfWork work, CancellationToken cancellationToken)
    {
        if (await repository.ItemAsync(message.ProjectId, message.RecordId, ScreeningStage.TitleAbstract, cancellationToken) is not null) return;
        var settings = await repository.SettingsAsync(message.ProjectId, cancellationToken);
        var item = new ItemDocument
        {
            ProjectId = message.ProjectId,
            RecordId = message.RecordId,
            Citation = message.Citation,
            Item = ScreeningItem.Open(ItemDocument.ItemIdFor(message.RecordId, ScreeningStage.TitleAbstract), message.RecordId.ToString(), ScreeningStage.TitleAbstract),
            ImportedAt = message.OccurredAt,
            TermScore = HighlightTermSet.For(settings.Protocol).Score(message.Citation.Title, message.Citation.Abstract),
        };

        var key = PendingRetraction.Key(message.ProjectId, message.RecordId);
        var pending = await Store.GetAsync(PendingRetraction.Collection, key, cancellationToken);
        var retractedFirst = pending is not null && StoreJson.Read<PendingRetraction>(pending).Retracted;
        work.Put(PendingRetraction.Collection, key, message.ProjectId.ToString("N"), new PendingRetraction(message.ProjectId, message.RecordId, retractedFirst), pending?.Version ?? 0);
        var retracted = message.Citation.Retracted || retractedFirst;
        if (!retracted)
        {
            ScreeningRepository.PutItem(work, item, 0);
        }
        else
        {
            var outcome = ItemCommands.From(item, item.Item.Retract(message.OccurredAt, settings.Protocol));
            ScreeningRepository.PutItem(work, outcome.Document, 0);
            await EffectEvents.AddAsync(work, repository, item, outcome, settings, events.Value, message.CorrelationId, cancellationToken);
        }

        ranking.Changed(message.ProjectId);
    }
}

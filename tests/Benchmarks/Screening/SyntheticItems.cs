using EvSysReview.Contracts.Ingestion;
using EvSysReview.Screening;
using EvSysReview.Screening.Core.Decisions;
using EvSysReview.Screening.Items;

namespace EvSysReview.Benchmarks.Screening;

/// <summary>Title/abstract items for the queue benchmarks: record ids from the index, a title and nothing else.</summary>
internal static class SyntheticItems
{
    public static readonly DateTimeOffset Now = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    public static ItemDocument Open(int index, DateTimeOffset importedAt, Func<ScreeningItem, ScreeningItem>? decide = null)
    {
        var recordId = new Guid(index + 1, 0, 0, new byte[8]);
        var item = ScreeningItem.Open(ItemDocument.ItemIdFor(recordId, ScreeningStage.TitleAbstract), recordId.ToString(), ScreeningStage.TitleAbstract);
        return new ItemDocument { ProjectId = Guid.Empty, RecordId = recordId, Citation = new CitationData { Title = $"Record {index}" }, Item = decide?.Invoke(item) ?? item, ImportedAt = importedAt };
    }

    /// <summary>As the store gives them to the queue: a new document has version 1, Core's item counts from 0.</summary>
    public static Versioned<ItemDocument> Stored(ItemDocument document) => new(document, document.Item.Version + 1);
}

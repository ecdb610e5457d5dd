using System.Security.Cryptography;
using System.Text;
using EvSysReview.Contracts.Ingestion;
using EvSysReview.Screening.Core.Decisions;

namespace EvSysReview.Screening.Items;

/// <summary>
/// One screening item as stored: Core's aggregate plus the citation a reviewer reads. One per
/// record and stage; the id is derived from both, so a redelivered CitationImported or a second
/// RecordAdvanced finds the item already there instead of making another.
/// </summary>
public sealed record ItemDocument
{
    public const string Collection = "items";

    public required Guid ProjectId { get; init; }

    public required Guid RecordId { get; init; }

    public required CitationData Citation { get; init; }

    public required ScreeningItem Item { get; init; }

    /// <summary>Import order: ties in the ranking keep it, so the queue is stable.</summary>
    public required DateTimeOffset ImportedAt { get; init; }

    /// <summary>Highlight-term score at import: the order before the worker has ranked the item.</summary>
    public int TermScore { get; init; }

    /// <summary>Set by a full-text include that names a design; sent with StudyIncluded.</summary>
    public string? StudyDesign { get; init; }

    public Guid ItemId => Item.ItemId;

    public ScreeningStage Stage => Item.Stage;

    public static string Key(Guid projectId, Guid itemId) => $"{projectId:N}:{itemId:N}";

    public static Guid ItemIdFor(Guid recordId, ScreeningStage stage)
    {
        // A name-based id: the same record at the same stage always has the same item id.
        var hash = MD5.HashData(Encoding.UTF8.GetBytes($"{StageNames.Of(stage)}:{recordId:N}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x30);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash, bigEndian: true);
    }
}

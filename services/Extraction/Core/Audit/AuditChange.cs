using System.Text.Json.Nodes;

namespace EvSysReview.Extraction.Core.Audit;

/// <summary>One changed place in an entry; a null value means absent (added or removed).</summary>
public sealed record AuditChange(string Path, JsonNode? OldValue, JsonNode? NewValue);

/// <summary>Who changed an entry, when, and what: one per save, kept for good.</summary>
public sealed record AuditRecord(string StudyId, string ChangedBy, DateTimeOffset ChangedAt, IReadOnlyList<AuditChange> Changes)
{
    public bool IsEmpty => Changes.Count == 0;
}

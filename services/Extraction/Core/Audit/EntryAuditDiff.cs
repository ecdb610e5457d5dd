using EvSysReview.Extraction.Core.Comparison;
using EvSysReview.Extraction.Core.Outcomes;

namespace EvSysReview.Extraction.Core.Audit;

/// <summary>
/// The audit record of one save: every path whose value changed, with old and new value, using
/// the same identity-keyed paths as the dual-extraction comparison. Numbers are compared exactly.
/// </summary>
public static class EntryAuditDiff
{
    /// <param name="oldEntry">The entry before the save; null when it is being created.</param>
    public static AuditRecord Compute(ExtractionEntry? oldEntry, ExtractionEntry newEntry, string changedBy, DateTimeOffset changedAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(changedBy);
        var before = oldEntry ?? EmptyLike(newEntry);
        var changes = EntryDiff.Compute(before, newEntry, NumericTolerance.Exact)
            .Select(c => new AuditChange(c.Path, c.Before, c.After))
            .ToList();
        return new AuditRecord(newEntry.StudyId, changedBy, changedAt, changes);
    }

    // A creation is recorded as every field, arm, comparison and row going from absent to present.
    private static ExtractionEntry EmptyLike(ExtractionEntry entry) => new()
    {
        StudyId = entry.StudyId,
        FormId = entry.FormId,
        FormVersion = entry.FormVersion,
        ExtractorId = entry.ExtractorId,
    };
}

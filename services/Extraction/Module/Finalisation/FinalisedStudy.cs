using EvSysReview.Extraction.Core.Outcomes;

namespace EvSysReview.Extraction.Finalisation;

/// <summary>
/// A study's current finalised extraction, what the CSV export reads. Removed when the study is
/// reopened or withdrawn, so the export holds exactly what the synthesis holds.
/// </summary>
public sealed record FinalisedStudy(Guid StudyId, int Revision, FinalizedExtraction Extraction, string FinalisedBy, DateTimeOffset FinalisedAt)
{
    public const string Collection = "finalised";
}

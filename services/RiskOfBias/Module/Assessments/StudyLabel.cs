using EvSysReview.Contracts.Ingestion;

namespace EvSysReview.RiskOfBias.Assessments;

/// <summary>"Surname Year" as plots and exports label a study, from the citation StudyIncluded carries.</summary>
public static class StudyLabel
{
    public static string From(CitationData citation)
    {
        var firstAuthor = citation.Authors.FirstOrDefault(a => !string.IsNullOrWhiteSpace(a))?.Trim();
        var surname = firstAuthor?.Split([',', ' '], 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        var name = surname ?? (citation.Title.Length > 40 ? citation.Title[..40].TrimEnd() + "…" : citation.Title);
        return citation.Year is { } year ? $"{name} {year}" : name;
    }
}

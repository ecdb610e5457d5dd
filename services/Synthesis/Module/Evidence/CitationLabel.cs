using EvSysReview.Contracts.Ingestion;

namespace EvSysReview.Synthesis.Evidence;

/// <summary>"Surname Year" from a citation, the label a study has until its extraction names it.</summary>
public static class CitationLabel
{
    public static string From(CitationData citation)
    {
        var surname = citation.Authors.FirstOrDefault()?.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        var title = citation.Title.Length > 40 ? citation.Title[..40] + "…" : citation.Title;
        return (surname, citation.Year) switch
        {
            (not null, not null) => $"{surname} {citation.Year}",
            (not null, null) => surname,
            _ => title,
        };
    }
}

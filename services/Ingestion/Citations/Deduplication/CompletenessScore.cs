namespace EvSysReview.Ingestion.Citations.Deduplication;

/// <summary>
/// How much of a record screening and synthesis can use; the highest score in a cluster is its
/// primary record (ties: the earliest added). Weights: abstract 3, PMID 2, DOI 2, title 2,
/// PMCID 1, authors 1, year 1, journal 1, volume 1, issue 1, pages 1, MeSH 1, keywords 1,
/// publication types 1, language 1 (maximum 20). Documented in docs/ingestion-formats.md.
/// </summary>
public static class CompletenessScore
{
    public static int Of(CitationRecord record)
    {
        var score = 0;
        if (record.Abstract is not null) score += 3;
        if (record.Pmid is not null) score += 2;
        if (record.Doi is not null) score += 2;
        if (record.Title is not null) score += 2;
        if (record.Pmcid is not null) score += 1;
        if (record.Authors.Count > 0) score += 1;
        if (record.Year is not null) score += 1;
        if (record.Journal is not null) score += 1;
        if (record.Volume is not null) score += 1;
        if (record.Issue is not null) score += 1;
        if (record.Pages is not null) score += 1;
        if (record.MeshTerms.Count > 0) score += 1;
        if (record.Keywords.Count > 0) score += 1;
        if (record.PublicationTypes.Count > 0) score += 1;
        if (record.Language is not null) score += 1;
        return score;
    }
}

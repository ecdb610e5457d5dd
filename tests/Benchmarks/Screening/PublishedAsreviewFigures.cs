namespace EvSysReview.Benchmarks.Screening;

/// <summary>
/// Ferdinands 2020 / ASReview simulation study, as copied into ../shared/testdata/SOURCES.md from
/// asreview docs/source/simulation_study_results.rst: ASReview 0.9.3's WSS of the recall curve averaged
/// over 15 trials, each dataset with hyperparameters tuned on itself (AsreviewThesisSettings "one";
/// asreview-thesis results/one_seed/statistics/BCTD/*/all.json hold the unrounded values).
/// </summary>
internal static class PublishedAsreviewFigures
{
    public sealed record Figures(double NbWss95, double NbRrf10, double LrWss95, double LrRrf10);

    private static readonly Dictionary<string, Figures> ByDataset = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Ferdinands2020_sim_nudging"] = new(71.7, 65.3, 66.9, 62.1),
        ["Ferdinands2020_sim_ace"] = new(82.9, 90.5, 81.1, 88.5),
        ["Ferdinands2020_sim_virus"] = new(71.2, 73.9, 70.3, 73.7),
        ["Ferdinands2020_sim_wilson"] = new(83.4, 87.3, 80.5, 89.1),
    };

    public static Figures? For(string datasetStem) => ByDataset.GetValueOrDefault(datasetStem);
}
